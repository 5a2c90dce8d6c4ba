import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useWorkFormat } from '../shared/format';
import type { PersonLoad } from './people-loads';
import { useHandOver } from './useHandOver';

export type Props = {
  people: readonly PersonLoad[];
  /** Called when a hand-over is done: people's loads changed. */
  onDone: () => void;
};

/** "Hand over everything open of someone who left": from whom, to whom (or by the rules), and its progress. */
export function HandOverForm({ people, onDone }: Props) {
  const { t } = useTranslation('distribution');
  const format = useWorkFormat();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const { state, start } = useHandOver(onDone);
  const running = state.status === 'running';
  return (
    <section className="hand-over" aria-labelledby="hand-over-heading" data-testid="hand-over">
      <h2 id="hand-over-heading">{t('handOver.title')}</h2>
      <p>{t('handOver.explain')}</p>
      <div className="hand-over-fields">
        <label>
          {t('handOver.from')}
          <select value={from} onChange={(event) => setFrom(event.target.value)} data-testid="hand-over-from">
            <option value="">{t('handOver.choose')}</option>
            {people.map((person) => (
              <option key={person.id} value={person.id}>
                {person.active ? person.name : t('handOver.departed', { name: person.name })}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('handOver.to')}
          <select value={to} onChange={(event) => setTo(event.target.value)} data-testid="hand-over-to">
            <option value="">{t('handOver.byRules')}</option>
            {people
              .filter((person) => person.active && person.id !== from)
              .map((person) => (
                <option key={person.id} value={person.id}>
                  {person.name}
                </option>
              ))}
          </select>
        </label>
        <button type="button" disabled={from === '' || running} onClick={() => void start({ from, to: to || null })} data-testid="hand-over-start">
          {t('handOver.start')}
        </button>
      </div>
      {state.status !== 'idle' && state.status !== 'failed' && (
        <progress max={Math.max(state.job.total, 1)} value={state.job.processed} aria-label={t('handOver.progress')} data-testid="hand-over-progress" />
      )}
      <p role="status" data-testid="hand-over-status">
        {state.status === 'running' && t('handOver.running', { processed: format.count(state.job.processed), total: format.count(state.job.total) })}
        {state.status === 'done' && t('handOver.done', { created: format.count(state.job.created), skipped: format.count(state.job.skipped) })}
      </p>
      {state.status === 'failed' && (
        <p role="alert" className="error-inline">
          {t('handOver.failed', { message: state.message })}
        </p>
      )}
    </section>
  );
}
