import { useTranslation } from 'react-i18next';
import type { CompiledWorkflow, FunnelRecord, Score } from '@funnel/engine';
import { SCORE_AHEAD_DAYS, simulatedScore } from '../model/simulated-score';

export type Props = { workflow: CompiledWorkflow; record: FunnelRecord; now: number };

/** The simulated record's score at the simulated time and 30 days on (engagement fading), with its fit and engagement parts. */
export function SimulatorScore({ workflow, record, now }: Props) {
  const { t, i18n } = useTranslation();
  const scores = simulatedScore({ workflow, record, now });
  const numbers = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 2 });
  const row = (label: string, score: Score, testId: string) => (
    <tr data-testid={testId} data-score={score.score} data-fit={score.fit} data-engagement={score.engagement}>
      <th scope="row">{label}</th>
      <td>{numbers.format(score.score)}</td>
      <td>{numbers.format(score.fit)}</td>
      <td>{numbers.format(score.engagement)}</td>
    </tr>
  );
  return (
    <section data-testid="sim-score" data-now={now} aria-labelledby="sim-score-heading">
      <h3 id="sim-score-heading">{t('simulator.score.title')}</h3>
      {scores ? (
        <table className="sim-score">
          <thead>
            <tr>
              <th scope="col">{t('simulator.score.when')}</th>
              <th scope="col">{t('simulator.score.score')}</th>
              <th scope="col">{t('simulator.score.fit')}</th>
              <th scope="col">{t('simulator.score.engagement')}</th>
            </tr>
          </thead>
          <tbody>
            {row(t('simulator.score.now'), scores.now, 'sim-score-now')}
            {row(t('simulator.score.ahead', { count: SCORE_AHEAD_DAYS }), scores.ahead, 'sim-score-ahead')}
          </tbody>
        </table>
      ) : (
        <p data-testid="sim-score-off">{t('simulator.score.off')}</p>
      )}
    </section>
  );
}
