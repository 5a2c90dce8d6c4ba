import type { WorkflowDefinition } from '@funnel/schemas';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { localizedText } from '../../model/localized-text';
import { FieldInput } from '../fields/FieldInput';
import { workflowDefinition } from '../shared/useWorkflowDefinition';
import type { TransitionOutcome } from './run-transition';
import { blockerField, blockerText, reasonChoices } from './transition-needs';
import { TransitionRefusal } from './TransitionRefusal';
import { type Answers, NO_ANSWERS, useTransitionRun } from './useTransitionRun';
import { useModalKeys } from '../shared/useModalKeys';
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

/**
 * The definition the record runs on: null until it arrives, 'unavailable' when it cannot be read (the dialog then
 * speaks with keys and lets the api say what is missing).
 */
function useDefinition(workflowKey: string, version: number): WorkflowDefinition | null | 'unavailable' {
  const [definition, setDefinition] = useState<WorkflowDefinition | null | 'unavailable'>(null);
  useEffect(() => {
    let current = true;
    workflowDefinition(workflowKey, version).then(
      (found) => current && setDefinition(found),
      () => current && setDefinition('unavailable'),
    );
    return () => {
      current = false;
    };
  }, [workflowKey, version]);
  return definition;
}

/**
 * Whether the dialog asks before it runs the move: a move to a won or lost stage (an outcome) that has reasons always
 * asks for its reason first; any other runs at once, and the api's blockers say what else it needs.
 * @example asksFirst(standardTrunk, 'lose') // → true
 */
function asksFirst(definition: WorkflowDefinition, transition: string): boolean {
  const spec = definition.transitions.find((candidate) => candidate.key === transition);
  const target = definition.stages.find((stage) => stage.key === spec?.to);
  return spec?.reason !== undefined && target?.outcome !== undefined;
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
  const loaded = useDefinition(record.workflowKey, record.workflowVersion);
  const definition = loaded === 'unavailable' ? null : loaded;
  const askFirst = definition !== null && asksFirst(definition, transition);
  const { running, refusal, fields, askReason, run } = useTransitionRun({ record, transition, onDone, runAtOnce: loaded === null ? null : !askFirst });
  const [answers, setAnswers] = useState<Answers>(NO_ANSWERS);
  const dialog = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const locale = i18n.language;
  const spec = definition?.transitions.find((candidate) => candidate.key === transition);
  const recordFields = (record.fields ?? {}) as Record<string, unknown>;
  const name = typeof recordFields.name === 'string' ? recordFields.name : record.id;

  // Focus moves into the dialog when it opens and back where it was when it closes; Tab stays inside; Escape cancels.
  const onKeyDown = useModalKeys({ dialog, initial: dialog, onClose: onCancel });

  // Focus the first thing to fill in once the form appears.
  useEffect(() => {
    if (!running && (refusal || askFirst)) dialog.current?.querySelector<HTMLElement>('input, select')?.focus();
  }, [running, refusal, askFirst]);

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
  const asking = refusal !== null || askFirst;
  const showReason = askReason || askFirst || (spec?.reason !== undefined && refusal !== null);
  const showProbability = spec?.allowProbabilityOverride === true && asking;

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
        onKeyDown={onKeyDown}
      >
        <h2 id={titleId}>{t('dialog.title', { transition: localizedText(spec?.name, locale) || transition, name })}</h2>
        {running ? <p role="status">{t('dialog.running')}</p> : null}
        <TransitionRefusal refusal={refusal} definition={definition} />
        <form onSubmit={submit} className="transition-form">
          {asking && (fields.length > 0 || showReason || showProbability) ? <h3>{t('dialog.missing')}</h3> : null}
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
            <button type="submit" disabled={running || !asking}>
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
