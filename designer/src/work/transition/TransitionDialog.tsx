import type { WorkflowDefinition } from '@funnel/schemas';
import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { localizedText } from '../../model/localized-text';
import { FieldInput } from '../fields/FieldInput';
import { workflowDefinition } from '../shared/useWorkflowDefinition';
import { runTransition, type TransitionAnswers, type TransitionOutcome } from './run-transition';
import { askedFields, asksForReason, blockerField, blockerText, reasonChoices } from './transition-needs';
import './transition.css';

export interface Props {
  /** The record as the person saw it: its id and version (the move is refused if someone changed it since). */
  record: { id: string; version: number; workflowKey: string; workflowVersion: number; fields: unknown };
  /** The transition to run (a key of the record's definition). */
  transition: string;
  /** The record moved: what the api returned. */
  onDone: (record: Extract<TransitionOutcome, { __typename: 'Record' }>) => void;
  /** The person gave up: nothing changed. */
  onCancel: () => void;
}

type Refusal = Exclude<TransitionOutcome, { __typename: 'Record' }>;

/** What the person typed in the dialog's form: kept across refusals. */
interface Answers {
  fields: Record<string, unknown>;
  reason: string;
  probability: string;
}

const NO_ANSWERS: Answers = { fields: {}, reason: '', probability: '' };

/** The answers as the api takes them: only what was filled in. */
function answersToSend(answers: Answers): TransitionAnswers {
  return {
    ...(Object.keys(answers.fields).length > 0 ? { fields: answers.fields } : {}),
    ...(answers.reason ? { reason: answers.reason } : {}),
    ...(answers.probability !== '' ? { probability: Number(answers.probability) } : {}),
  };
}

/** The definition the record runs on, or null until it arrives (the dialog speaks without it, with keys). */
function useDefinition(workflowKey: string, version: number): WorkflowDefinition | null {
  const [definition, setDefinition] = useState<WorkflowDefinition | null>(null);
  useEffect(() => {
    let current = true;
    workflowDefinition(workflowKey, version).then(
      (found) => current && setDefinition(found),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [workflowKey, version]);
  return definition;
}

/** Keeps Tab inside the dialog: from the last control to the first and back. */
function trapTab(event: KeyboardEvent<HTMLDivElement>): void {
  if (event.key !== 'Tab') return;
  const controls = [...event.currentTarget.querySelectorAll<HTMLElement>('input, select, button, textarea, [tabindex="0"]')].filter(
    (control) => !control.hasAttribute('disabled'),
  );
  const first = controls[0];
  const last = controls[controls.length - 1];
  if (!first || !last) return;
  if (event.shiftKey && document.activeElement === first) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first.focus();
  }
}

/**
 * Runs a transition; when the api refuses it, shows every blocker and asks for what is missing (required fields with
 * the field schema's inputs, a reason from the allowed list, a probability where overriding is allowed), then runs it
 * again, keeping what was typed. The board's drop and the record page's stage path both open it. Focus moves in on
 * open and back where it was on close; Escape cancels.
 * @example <TransitionDialog record={record} transition="create_opportunity" onDone={moved} onCancel={close} />
 */
export function TransitionDialog({ record, transition, onDone, onCancel }: Props) {
  const { t, i18n } = useTranslation('board');
  const definition = useDefinition(record.workflowKey, record.workflowVersion);
  const [running, setRunning] = useState(true);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [fields, setFields] = useState<string[]>([]);
  const [answers, setAnswers] = useState<Answers>(NO_ANSWERS);
  const [askReason, setAskReason] = useState(false);
  const dialog = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const locale = i18n.language;
  const spec = definition?.transitions.find((candidate) => candidate.key === transition);
  const recordFields = (record.fields ?? {}) as Record<string, unknown>;
  const name = typeof recordFields.name === 'string' ? recordFields.name : record.id;

  const run = async (given: Answers) => {
    setRunning(true);
    let outcome: TransitionOutcome;
    try {
      outcome = await runTransition({ id: record.id, expectedVersion: record.version, transition }, answersToSend(given));
    } catch (error) {
      outcome = { __typename: 'Forbidden', code: 'REQUEST_FAILED', message: error instanceof Error ? error.message : String(error) };
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

  // biome-ignore lint/correctness/useExhaustiveDependencies: the move runs once, when the dialog opens.
  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.current?.focus();
    void run(NO_ANSWERS);
    return () => {
      if (before?.isConnected) before.focus();
    };
  }, []);

  // Focus the first thing to fill in once the form appears.
  useEffect(() => {
    if (!running && refusal) dialog.current?.querySelector<HTMLElement>('input, select')?.focus();
  }, [running, refusal]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(answers);
  };
  const setField = (field: string, value: unknown) => setAnswers((before) => ({ ...before, fields: { ...before.fields, [field]: value } }));
  const fieldError = (field: string) => {
    if (refusal?.__typename !== 'GuardRejected') return null;
    const blocker = refusal.blockers.find((candidate) => blockerField(candidate) === field);
    return blocker ? blockerText({ blocker, t, definition, locale }) : null;
  };
  const reasons = reasonChoices(
    spec,
    refusal?.__typename === 'GuardRejected' ? (refusal.blockers.find((b) => b.options.length > 0)?.options ?? []) : [],
    locale,
  );
  const showReason = askReason || (spec?.reason !== undefined && refusal !== null);
  const showProbability = spec?.allowProbabilityOverride === true && refusal !== null;

  return (
    <div className="dialog-backdrop">
      <div
        ref={dialog}
        className="dialog transition-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        data-testid="transition-dialog"
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.stopPropagation();
            onCancel();
          } else trapTab(event);
        }}
      >
        <h2 id={titleId}>{t('dialog.title', { transition: localizedText(spec?.name, locale) || transition, name })}</h2>
        {running ? <p role="status">{t('dialog.running')}</p> : null}
        <RefusalText refusal={refusal} definition={definition} />
        <form onSubmit={submit} className="transition-form">
          {refusal && (fields.length > 0 || showReason || showProbability) ? <h3>{t('dialog.missing')}</h3> : null}
          {fields.map((field) => (
            <FieldInput
              key={field}
              name={field}
              id={`transition-field-${field}`}
              spec={definition?.fields.properties?.[field] ?? { type: 'string' }}
              value={field in answers.fields ? answers.fields[field] : recordFields[field]}
              onChange={(value) => setField(field, value)}
              error={fieldError(field)}
            />
          ))}
          {showReason ? (
            <div className="field-input">
              <label htmlFor="transition-reason">{t('dialog.reason')}</label>
              <select id="transition-reason" value={answers.reason} onChange={(event) => setAnswers({ ...answers, reason: event.target.value })}>
                <option value="">{t('dialog.chooseReason')}</option>
                {reasons.map((reason) => (
                  <option key={reason.key} value={reason.key}>
                    {reason.name}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          {showProbability ? (
            <div className="field-input">
              <label htmlFor="transition-probability">{t('dialog.probability')}</label>
              <input
                id="transition-probability"
                type="number"
                min={0}
                max={100}
                value={answers.probability}
                onChange={(event) => setAnswers({ ...answers, probability: event.target.value })}
              />
            </div>
          ) : null}
          <div className="transition-actions">
            <button type="submit" disabled={running || refusal === null}>
              {t('dialog.submit')}
            </button>
            <button type="button" onClick={onCancel}>
              {t('dialog.cancel')}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}

/** Why the api refused the move, in words: every blocker of a GuardRejected, or what the other refusals mean. */
function RefusalText({ refusal, definition }: { refusal: Refusal | null; definition: WorkflowDefinition | null }) {
  const { t, i18n } = useTranslation('board');
  if (!refusal) return null;
  switch (refusal.__typename) {
    case 'GuardRejected':
      return (
        <div role="alert" className="transition-refusal">
          <p>{t('dialog.refused')}</p>
          <ul data-testid="transition-blockers">
            {refusal.blockers.map((blocker, index) => (
              <li key={index}>{blockerText({ blocker, t, definition, locale: i18n.language })}</li>
            ))}
          </ul>
        </div>
      );
    case 'VersionConflict':
      return (
        <p role="alert" className="transition-refusal">
          {t('dialog.versionConflict', { expected: refusal.expectedVersion, current: refusal.currentVersion })}
        </p>
      );
    case 'LimitReached':
      return (
        <p role="alert" className="transition-refusal">
          {t('dialog.limitReached', { limit: refusal.limit, current: refusal.current, max: refusal.max })}
        </p>
      );
    case 'Forbidden':
      return (
        <p role="alert" className="transition-refusal">
          {refusal.code === 'REQUEST_FAILED' ? t('dialog.failed', { message: refusal.message }) : t('dialog.forbidden')}
        </p>
      );
    case 'NotFound':
      return (
        <p role="alert" className="transition-refusal">
          {t('dialog.notFound')}
        </p>
      );
    case 'ValidationFailed':
      return (
        <div role="alert" className="transition-refusal">
          <p>{t('dialog.invalid')}</p>
          <ul>
            {refusal.diagnostics.map((diagnostic) => (
              <li key={diagnostic.pointer}>{`${diagnostic.pointer}: ${diagnostic.message}`}</li>
            ))}
          </ul>
        </div>
      );
    default:
      return refusal satisfies never;
  }
}
