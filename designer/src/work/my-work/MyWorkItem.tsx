import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { routeHash } from '../../session/useRoute';
import type { DefinitionNames } from '../notifications/definition-names';
import { recordField } from '../notifications/record-field';
import { useDefinitionNames } from '../notifications/useDefinitionNames';
import { useWorkFormat, type WorkFormat } from '../shared/format';
import { dueTimer } from './due-timer';
import type { MyWorkList, MyWorkRecord } from './my-work-lists';

export type Props = { list: MyWorkList; record: MyWorkRecord };

/** What a line of one list says, besides the record's name and stage. */
interface Facts {
  record: MyWorkRecord;
  names: DefinitionNames;
  format: WorkFormat;
  t: (key: string, options?: Record<string, unknown>) => string;
}

function DueSoonFacts({ record, names, format, t }: Facts) {
  const timer = dueTimer(record);
  if (!timer) return null;
  const when = format.relative(timer.dueAt);
  return (
    <>
      {timer.warned && <span className="warned-badge">{t('warned')}</span>}
      <strong className="due-when" data-testid="due-when">
        {names.timerRecycles(timer.key) ? t('backToPool', { when }) : t('timerDue', { timer: names.timer(timer.key), when })}
      </strong>
      <span className="detail">{t('deadline', { date: format.dateTime(timer.dueAt) })}</span>
    </>
  );
}

function FollowUpFacts({ record, format, t }: Facts) {
  if (!record.nextFollowUpAt) return null;
  return (
    <>
      <strong>{t('followUpDue', { when: format.relative(record.nextFollowUpAt) })}</strong>
      {record.followUpNote && <span className="detail">{record.followUpNote}</span>}
    </>
  );
}

function RecycledFacts({ record, names, format, t }: Facts) {
  const pool = record.pool;
  if (!pool) return <strong>{t('nowIn', { stage: names.stage(record.stage) })}</strong>;
  return (
    <>
      <strong>{t('inPoolSince', { when: format.relative(pool.releasedAt ?? pool.since) })}</strong>
      {pool.reason && <span className="detail">{t('poolReason', { reason: names.reason(pool.reason) })}</span>}
    </>
  );
}

function RequestFacts({ record, names, format, t }: Facts) {
  const extensions = record.timers.filter((timer) => timer.extensionRequestedAt !== null && timer.stage === record.stage);
  const approval = record.pendingApproval;
  return (
    <>
      {extensions.map((timer) => (
        <span key={timer.key} className="detail">
          <strong>{t('extensionAsked', { timer: names.timer(timer.key), when: format.relative(timer.extensionRequestedAt ?? timer.dueAt) })}</strong>{' '}
          {t('deadline', { date: format.dateTime(timer.dueAt) })}
        </span>
      ))}
      {approval && (
        <strong>{t('approvalAsked', { transition: names.transition(approval.transition ?? ''), when: format.relative(approval.requestedAt) })}</strong>
      )}
    </>
  );
}

function facts(list: MyWorkList, input: Facts): ReactNode {
  switch (list) {
    case 'dueSoon':
      return <DueSoonFacts {...input} />;
    case 'followUpsDue':
      return <FollowUpFacts {...input} />;
    case 'recycledFromMe':
      return <RecycledFacts {...input} />;
    case 'myRequests':
      return <RequestFacts {...input} />;
    default:
      return list satisfies never;
  }
}

/** One record in a list of My work: its name (a link to its page), company and stage, and what the list is about. */
export function MyWorkItem({ list, record }: Props) {
  const { t } = useTranslation('myWork');
  const format = useWorkFormat();
  const names = useDefinitionNames(record.workflowKey, record.workflowVersion);
  const warned = list === 'dueSoon' && dueTimer(record)?.warned === true;
  const company = recordField(record.fields, 'companyName') || recordField(record.fields, 'company');
  return (
    <li className={warned ? 'my-work-item warned' : 'my-work-item'} data-testid={`${list}-item`} data-record-id={record.id}>
      <a href={routeHash({ page: 'record', recordId: record.id })} className="record-name">
        {recordField(record.fields, 'name') || t('unnamed')}
      </a>
      <span className="detail">{[company, names.stage(record.stage)].filter(Boolean).join(' · ')}</span>
      {facts(list, { record, names, format, t })}
    </li>
  );
}
