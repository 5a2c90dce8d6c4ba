import { useTranslation } from 'react-i18next';
import { diagnosticTarget } from '../model/diagnostic-target';
import { diagnosticText } from '../model/diagnostic-text';
import { useWorkflowStore } from '../store/useWorkflowStore';

export type Props = Record<string, never>;

/**
 * Every diagnostic, errors first, numbered, in the user's language where it can be, its code and pointer on a details
 * line under it; clicking one selects the stage or transition it concerns.
 */
export function DiagnosticsList(_props: Props) {
  const { t, i18n } = useTranslation();
  const diagnostics = useWorkflowStore((state) => state.diagnostics);
  const definition = useWorkflowStore((state) => state.definition);
  const select = useWorkflowStore((state) => state.select);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const sorted = [...diagnostics].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  return (
    <section className="diagnostics-list" aria-labelledby="diagnostics-heading" aria-live="polite" data-testid="diagnostics">
      <h2 id="diagnostics-heading">
        {t('diagnostics.title')} <span data-testid="diagnostics-summary">({t('diagnostics.count', { errors, warnings: diagnostics.length - errors })})</span>
      </h2>
      {diagnostics.length === 0 ? <p className="all-good">{t('diagnostics.none')}</p> : null}
      <ol>
        {sorted.map((diagnostic, index) => {
          const target = definition ? diagnosticTarget({ definition, diagnostic }) : { kind: 'workflow' as const };
          return (
            <li key={`${diagnostic.pointer}:${diagnostic.code}:${index}`} className={`diagnostic ${diagnostic.severity}`}>
              <button type="button" data-testid="diagnostic" onClick={() => select(target.kind === 'workflow' ? null : target)}>
                <span className="severity">{t(`diagnostics.${diagnostic.severity}`)}</span>{' '}
                {diagnosticText({ diagnostic, definition, t, locale: i18n.language })}
                <small className="diagnostic-details">
                  <code>{diagnostic.code}</code> · <code>{diagnostic.pointer || '/'}</code>
                </small>
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
