import type { WorkflowDefinition } from '@funnel/schemas';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useWorkFormat } from '../shared/format';
import type { DefinitionNames } from './definition-names';
import { extensionPlan } from './extension-plan';
import { type Refusal, requestExtension } from './record-mutations';
import type { RecordView } from './record-query';
import { RefusalMessage } from './RefusalMessage';

export type Props = {
  record: RecordView;
  definition: WorkflowDefinition;
  names: DefinitionNames;
  onChanged: (message: string) => void;
  onReload: () => void;
};

type Timer = RecordView['timers'][number];

/**
 * The record's armed timers: each deadline and warning in the person's time zone, and, where the definition lets it
 * be extended, the deadline after an extension, the extensions left and a request for one (or the pending one).
 */
export function TimersPanel({ record, definition, names, onChanged, onReload }: Props) {
  const { t } = useTranslation('record');
  if (record.timers.length === 0) return null;
  return (
    <section className="record-card" aria-labelledby="timers-title">
      <h2 id="timers-title">{t('timers.title')}</h2>
      {record.timers.map((timer) => (
        <TimerItem key={timer.key} timer={timer} record={record} definition={definition} names={names} onChanged={onChanged} onReload={onReload} />
      ))}
    </section>
  );
}

function TimerItem({ timer, record, definition, names, onChanged, onReload }: Props & { timer: Timer }) {
  const { t } = useTranslation('record');
  const format = useWorkFormat();
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const plan = extensionPlan({ definition, timer });
  const request = async () => {
    setRefusal(null);
    const outcome = await requestExtension({ id: record.id, expectedVersion: record.version, timer: timer.key });
    if (outcome.type === 'changed') onChanged(t('timers.requested', { timer: names.timer(timer.key) }));
    else setRefusal(outcome.refusal);
  };
  return (
    <div className="record-timer" data-timer={timer.key}>
      <h3>{names.timer(timer.key)}</h3>
      <dl className="record-facts">
        <dt>{t('timers.dueAt')}</dt>
        <dd data-testid="deadline-now">{format.dateTime(timer.dueAt)}</dd>
        {timer.warnAt ? (
          <>
            <dt>{t('timers.warnAt')}</dt>
            <dd>{format.dateTime(timer.warnAt)}</dd>
          </>
        ) : null}
        {plan ? (
          <>
            <dt>{t('timers.extendedDueAt')}</dt>
            <dd data-testid="deadline-after">{format.dateTime(plan.extendedDueAt)}</dd>
            <dt>{t('timers.left')}</dt>
            <dd data-testid="extensions-left">{t('timers.leftCount', { left: plan.left, max: plan.max })}</dd>
          </>
        ) : null}
      </dl>
      {timer.extensionRequestedAt ? (
        <p className="notice" data-testid="extension-pending">
          {t('timers.pending', { at: format.dateTime(timer.extensionRequestedAt) })}
        </p>
      ) : plan && plan.left > 0 ? (
        <button type="button" onClick={() => void request()}>
          {t('timers.request')}
        </button>
      ) : null}
      <RefusalMessage refusal={refusal} onReload={onReload} />
    </div>
  );
}
