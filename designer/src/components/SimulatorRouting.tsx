import { useTranslation } from 'react-i18next';
import type { CompiledWorkflow, FunnelRecord } from '@funnel/engine';
import type { ApiQuery } from '../api/useApiQuery';
import { routingText } from '../model/routing-text';
import { type RoutingPerson, simulatedRouting } from '../model/simulated-routing';
import { ErrorMessage } from './ErrorMessage';

export type Props = { workflow: CompiledWorkflow; record: FunnelRecord; now: number; people: ApiQuery<RoutingPerson[]> };

/**
 * Whom routing would give the simulated record to, as it stands now: the assignment rule it meets, its target and
 * strategy in words, and the people the target names in the order the api would try them; or that its creator keeps it.
 */
export function SimulatorRouting({ workflow, record, now, people }: Props) {
  const { t, i18n } = useTranslation();
  if (!workflow.assignment) return null;
  const known = people.status === 'done' ? people.data : null;
  const routing = simulatedRouting({ workflow, record, now, people: known });
  return (
    <section data-testid="sim-routing" aria-labelledby="sim-routing-heading">
      <h3 id="sim-routing-heading">{t('simulator.routing.title')}</h3>
      {routing.type === 'creator' ? (
        <p data-testid="sim-routing-creator">{t('simulator.routing.creator')}</p>
      ) : (
        <RuleMet routing={routing} people={known} locale={i18n.language} />
      )}
      {people.status === 'error' ? <ErrorMessage error={people.error} /> : null}
    </section>
  );
}

function RuleMet({
  routing,
  people,
  locale,
}: {
  routing: Extract<ReturnType<typeof simulatedRouting>, { type: 'rule' }>;
  people: RoutingPerson[] | null;
  locale: string;
}) {
  const { t } = useTranslation();
  const personName = (id: string) => people?.find((person) => person.id === id)?.name ?? id;
  const words = routingText({ rule: routing.rule, t, locale, personName });
  return (
    <>
      <dl className="sim-routing">
        <dt>{t('simulator.routing.rule')}</dt>
        <dd data-testid="sim-routing-rule">{words.rule}</dd>
        <dt>{t('simulator.routing.target')}</dt>
        <dd data-testid="sim-routing-target">{words.target}</dd>
        {words.strategy ? (
          <>
            <dt>{t('simulator.routing.strategy')}</dt>
            <dd data-testid="sim-routing-strategy">{words.strategy}</dd>
          </>
        ) : null}
      </dl>
      {routing.order === null ? null : routing.order.length === 0 ? (
        <p data-testid="sim-routing-nobody">{t('simulator.routing.nobody')}</p>
      ) : (
        <>
          <p>{t('simulator.routing.order')}</p>
          <ol data-testid="sim-routing-order">
            {routing.order.map((person) => (
              <li key={person.id} data-person={person.id}>
                {person.name}
              </li>
            ))}
          </ol>
        </>
      )}
    </>
  );
}
