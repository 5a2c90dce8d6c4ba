import { useTranslation } from 'react-i18next';
import { isApiRefusal } from '../api/funnel-api';
import { diagnosticText } from '../model/diagnostic-text';
import { useWorkflowStore } from '../store/useWorkflowStore';

export type Props = { error: unknown };

/** Refusals said from their code alone; any other keeps the api's words. */
const REFUSALS_SAID = new Set(['NOT_FOUND', 'FORBIDDEN', 'VERSION_CONFLICT']);

/**
 * An error from the api or the browser, said in words, in place of the content it stopped: a refusal the api typed
 * from its code in the user's language (a validation failure with each problem said as the problem list says it),
 * anything else as it was written.
 */
export function ErrorMessage({ error }: Props) {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  let text = error instanceof Error ? error.message : String(error);
  if (isApiRefusal(error) && REFUSALS_SAID.has(error.code)) text = t(`error.refusal.${error.code}`);
  else if (isApiRefusal(error) && error.code === 'VALIDATION_FAILED' && error.diagnostics.length > 0) {
    const definition = useWorkflowStore.getState().definition;
    const problems = error.diagnostics.map(
      (diagnostic) => `${diagnostic.pointer || '/'} ${diagnosticText({ diagnostic, definition, t, locale: i18n.language })}`,
    );
    text = t('error.refusal.VALIDATION_FAILED', { problems: problems.join('; ') });
  }
  return (
    <p className="error-inline" role="alert">
      {t('error.prefix')} {text}
    </p>
  );
}
