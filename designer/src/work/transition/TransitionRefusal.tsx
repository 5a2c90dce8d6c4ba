import type { WorkflowDefinition } from '@funnel/schemas';
import { useTranslation } from 'react-i18next';
import type { TransitionOutcome } from './run-transition';
import { blockerField, blockerText, fieldTitle } from './transition-needs';

/** A transition the api did not run: its refusal. */
export type TransitionRefusalOutcome = Exclude<TransitionOutcome, { __typename: 'Record' }>;

/** The code a refusal carries when the request itself failed (not sent, or not answered). */
export const REQUEST_FAILED = 'REQUEST_FAILED';

export interface Props {
  refusal: TransitionRefusalOutcome | null;
  /** The record's definition, for field titles and guard messages in the locale (keys until it arrives). */
  definition: WorkflowDefinition | null;
}

/** Why the api refused the move, in words: every blocker of a GuardRejected, or what the other refusals mean. */
export function TransitionRefusal({ refusal, definition }: Props) {
  const { t, i18n } = useTranslation('board');
  if (!refusal) return null;
  const diagnosticText = (pointer: string) => {
    const field = blockerField({ type: 'invalid_field', field: null, pointer });
    return t('blocker.invalid_field', { field: field ? fieldTitle(definition, field, i18n.language) : pointer });
  };
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
          {refusal.code === REQUEST_FAILED ? t('dialog.failed') : t('dialog.forbidden')}
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
              <li key={diagnostic.pointer}>{diagnosticText(diagnostic.pointer)}</li>
            ))}
          </ul>
        </div>
      );
    default:
      return refusal satisfies never;
  }
}
