import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fromZonedInput, nextDayAt } from '../fields/zoned-date-time';
import { useWorkFormat } from '../shared/format';
import { type ActivityInput, logActivity, type Refusal } from './record-mutations';
import type { RecordView } from './record-query';
import { RadioChoice } from './RadioChoice';
import { RefusalMessage } from './RefusalMessage';

export type Props = {
  record: RecordView;
  onChanged: (message: string) => void;
  onReload: () => void;
};

/** The hour a follow-up "tomorrow" is set for, in the person's time zone. */
const FOLLOW_UP_HOUR = 9;

const TYPES = ['call', 'email', 'meeting', 'note'] as const;
const OUTCOMES = ['answered', 'unanswered', 'busy', 'wrong_number'] as const;
const DIRECTIONS = ['outbound', 'inbound'] as const;

type Draft = {
  type: ActivityInput['type'];
  outcome: (typeof OUTCOMES)[number];
  direction: (typeof DIRECTIONS)[number];
  note: string;
  followUpAt: string;
  followUpNote: string;
};

const EMPTY: Draft = { type: 'call', outcome: 'answered', direction: 'outbound', note: '', followUpAt: '', followUpNote: '' };

/** The activity the form's draft describes, with the next follow-up when one is given: one `logActivity`. */
function activityOf(draft: Draft, timeZone: string): ActivityInput {
  const at = fromZonedInput(draft.followUpAt, timeZone);
  return {
    type: draft.type,
    ...(draft.type === 'call' ? { outcome: draft.outcome } : {}),
    ...(draft.type === 'email' ? { direction: draft.direction } : {}),
    ...(draft.note ? { note: draft.note } : {}),
    ...(at ? { nextStep: { at, ...(draft.followUpNote ? { note: draft.followUpNote } : {}) } } : {}),
  };
}

/**
 * Logs a call with its outcome, an email, a meeting or a note, and sets the next follow-up in the same step. What
 * was typed stays when the api refuses it; it is cleared once logged.
 */
export function LogActivityForm({ record, onChanged, onReload }: Props) {
  const { t } = useTranslation('record');
  const { timeZone } = useWorkFormat();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (change: Partial<Draft>) => setDraft((previous) => ({ ...previous, ...change }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setRefusal(null);
    setBusy(true);
    const outcome = await logActivity({ id: record.id, expectedVersion: record.version, activity: activityOf(draft, timeZone) }).finally(() => setBusy(false));
    if (outcome.type === 'refused') return setRefusal(outcome.refusal);
    setDraft(EMPTY);
    onChanged(t('activity.logged', { type: t(`activity.type.${draft.type}`) }));
  };
  return (
    <form className="record-card record-activity" aria-labelledby="activity-title" onSubmit={(event) => void submit(event)}>
      <h2 id="activity-title">{t('activity.title')}</h2>
      <RadioChoice
        legend={t('activity.kind')}
        name="activity-type"
        options={TYPES}
        value={draft.type}
        label={(type) => t(`activity.type.${type}`)}
        onChange={(type) => set({ type })}
      />
      {draft.type === 'call' ? (
        <RadioChoice
          legend={t('activity.outcome')}
          name="call-outcome"
          options={OUTCOMES}
          value={draft.outcome}
          label={(outcome) => t(`outcome.${outcome}`)}
          onChange={(outcome) => set({ outcome })}
        />
      ) : null}
      {draft.type === 'email' ? (
        <RadioChoice
          legend={t('activity.direction')}
          name="email-direction"
          options={DIRECTIONS}
          value={draft.direction}
          label={(direction) => t(`activity.${direction}`)}
          onChange={(direction) => set({ direction })}
        />
      ) : null}
      <label htmlFor="activity-note">{t(draft.type === 'note' ? 'activity.noteRequired' : 'activity.note')}</label>
      <textarea id="activity-note" rows={3} value={draft.note} required={draft.type === 'note'} onChange={(event) => set({ note: event.target.value })} />
      <fieldset className="record-follow-up">
        <legend>{t('activity.followUp')}</legend>
        <label htmlFor="follow-up-at">{t('activity.followUpAt')}</label>
        <div className="record-actions">
          <input id="follow-up-at" type="datetime-local" value={draft.followUpAt} onChange={(event) => set({ followUpAt: event.target.value })} />
          <button type="button" onClick={() => set({ followUpAt: nextDayAt({ now: Date.now(), hour: FOLLOW_UP_HOUR, timeZone }) })}>
            {t('activity.tomorrow')}
          </button>
        </div>
        <label htmlFor="follow-up-note">{t('activity.followUpNote')}</label>
        <input id="follow-up-note" type="text" value={draft.followUpNote} onChange={(event) => set({ followUpNote: event.target.value })} />
      </fieldset>
      <RefusalMessage refusal={refusal} onReload={onReload} />
      <button type="submit" className="record-primary" disabled={busy}>
        {t('activity.submit')}
      </button>
    </form>
  );
}
