import { useState } from 'react';
import { runTransition, type TransitionOutcome } from './run-transition';

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

/**
 * TODO(board): runs a transition; when the api refuses it, shows every blocker and asks for what is missing (required
 * fields with the field schema's inputs, a reason from the allowed list, a probability where overriding is allowed),
 * then runs it again. The board's drop and the record page's stage path both open it.
 */
export function TransitionDialog({ record, transition, onDone, onCancel }: Props) {
  const [refusal, setRefusal] = useState<Exclude<TransitionOutcome, { __typename: 'Record' }> | null>(null);
  const run = async () => {
    const outcome = await runTransition({ id: record.id, expectedVersion: record.version, transition });
    if (outcome.__typename === 'Record') onDone(outcome);
    else setRefusal(outcome);
  };
  return (
    <div className="dialog-backdrop">
      <div className="dialog" role="dialog" aria-modal="true" aria-label={transition}>
        {refusal ? <p role="alert">{refusal.message}</p> : null}
        <button type="button" onClick={() => void run()}>
          {transition}
        </button>
        <button type="button" onClick={onCancel}>
          ×
        </button>
      </div>
    </div>
  );
}
