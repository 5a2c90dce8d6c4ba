import { useEffect, useRef, useState } from 'react';
import { runTransition, type TransitionAnswers, type TransitionOutcome } from './run-transition';
import { askedFields, asksForReason } from './transition-needs';
import { REQUEST_FAILED, type TransitionRefusalOutcome } from './TransitionRefusal';

/** What the person typed in the dialog's form: kept across refusals. */
export interface Answers {
  fields: Record<string, unknown>;
  reason: string;
  probability: string;
}

export const NO_ANSWERS: Answers = { fields: {}, reason: '', probability: '' };

/** The answers as the api takes them: only what was filled in. */
function answersToSend(answers: Answers): TransitionAnswers {
  return {
    ...(Object.keys(answers.fields).length > 0 ? { fields: answers.fields } : {}),
    ...(answers.reason ? { reason: answers.reason } : {}),
    ...(answers.probability !== '' ? { probability: Number(answers.probability) } : {}),
  };
}

/**
 * Runs a transition when called for (and once as it opens, with nothing filled in, when `runAtOnce` says so: null
 * while that is not known yet), and keeps what the api said:
 * the refusal, the fields its blockers asked for so far (so an input stays while its value is refused again), and
 * whether it asked for a reason.
 * @example const { running, refusal, fields, run } = useTransitionRun({ record, transition: 'win', onDone });
 */
export function useTransitionRun(input: {
  record: { id: string; version: number };
  transition: string;
  onDone: (record: Extract<TransitionOutcome, { __typename: 'Record' }>) => void;
  runAtOnce: boolean | null;
}) {
  const { record, transition, onDone, runAtOnce } = input;
  const [running, setRunning] = useState(false);
  const [refusal, setRefusal] = useState<TransitionRefusalOutcome | null>(null);
  const [fields, setFields] = useState<string[]>([]);
  const [askReason, setAskReason] = useState(false);
  const started = useRef(false);

  const run = async (given: Answers) => {
    setRunning(true);
    let outcome: TransitionOutcome;
    try {
      outcome = await runTransition({ id: record.id, expectedVersion: record.version, transition }, answersToSend(given));
    } catch (error) {
      // Not sent or not answered: said in words as a failed request (the Error interface's code says which).
      outcome = { __typename: 'Forbidden', code: REQUEST_FAILED, message: error instanceof Error ? error.message : String(error) };
    }
    setRunning(false);
    if (outcome.__typename === 'Record') {
      onDone(outcome);
      return;
    }
    setRefusal(outcome);
    if (outcome.__typename === 'GuardRejected') {
      setFields((before) => askedFields(before, outcome.blockers));
      setAskReason((before) => before || asksForReason(outcome.blockers));
    }
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: the move runs once, when the dialog opens (not again when React re-runs effects in development).
  useEffect(() => {
    if (started.current || !runAtOnce) return;
    started.current = true;
    void run(NO_ANSWERS);
  }, [runAtOnce]);

  return { running, refusal, fields, askReason, run };
}
