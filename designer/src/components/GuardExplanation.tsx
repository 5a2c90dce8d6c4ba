import { useTranslation } from 'react-i18next';
import { type CompiledWorkflow, type FunnelRecord, guardData } from '@funnel/engine';
import type { WorkflowDefinition } from '@funnel/schemas';
import { clauseText, clauseValuesText } from '../model/clause-text';
import { type ClauseExplanation, explainGuard } from '../model/explain-guard';
import { localizedText } from '../model/localized-text';
import { logicToText } from '../model/logic-text';

export type Props = { workflow: CompiledWorkflow; definition: WorkflowDefinition; transition: string; record: FunnelRecord; now: number };

/**
 * Why a transition's guards refuse the record, clause by clause: the transition's own guard and its target stage's,
 * each that does not hold taken apart into its clauses, passed or failed, with the values the record gave them.
 */
export function GuardExplanation({ workflow, definition, transition, record, now }: Props) {
  const { t, i18n } = useTranslation();
  const taken = definition.transitions.find((candidate) => candidate.key === transition);
  const target = definition.stages.find((stage) => stage.key === taken?.to);
  const guards = [taken?.guard, target?.guard].filter((guard) => guard !== undefined);
  if (guards.length === 0) return null;
  const data = guardData(record, now, workflow.scoring);
  const refusing = guards.map((guard) => ({ guard, explained: explainGuard({ logic: guard.logic, data }) })).filter(({ explained }) => !explained.passed);
  if (refusing.length === 0) return null;
  return (
    <div className="guard-explanation" data-testid={`sim-why-${transition}`}>
      {refusing.map(({ guard, explained }, index) => (
        <section key={index} aria-label={t('simulator.whyClosed', { message: localizedText(guard.message, i18n.language) })}>
          <p className="hint">{t('simulator.whyClosed', { message: localizedText(guard.message, i18n.language) })}</p>
          <ClauseList clauses={[explained]} />
        </section>
      ))}
    </div>
  );
}

/** Clauses as a nested list, each marked passed or failed (in words, not only by colour). */
function ClauseList({ clauses }: { clauses: readonly ClauseExplanation[] }) {
  const { t, i18n } = useTranslation();
  return (
    <ul className="clauses">
      {clauses.map((clause, index) => {
        const asked = clauseText({ clause, t });
        const values = clauseValuesText({ clause, t, locale: i18n.language });
        return (
          <li key={index} className={`clause ${clause.passed ? 'passed' : 'failed'}`} data-testid="sim-clause">
            <span className="clause-result">{clause.passed ? `✓ ${t('simulator.passed')}` : `✗ ${t('simulator.failed')}`}</span>{' '}
            {clause.kind === 'raw' ? <code>{logicToText(clause.logic)}</code> : <span className="clause-asked">{asked}</span>}
            {values ? (
              <span className="clause-values" data-testid="sim-clause-values">
                {' '}
                — {values}
              </span>
            ) : null}
            {clause.kind === 'group' ? <ClauseList clauses={clause.children} /> : null}
          </li>
        );
      })}
    </ul>
  );
}
