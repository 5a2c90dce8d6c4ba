import { useTranslation } from 'react-i18next';
import { useWorkFormat } from '../shared/format';
import type { DefinitionNames } from './definition-names';
import type { RecordView } from './record-query';

export type Props = { record: RecordView; names: DefinitionNames };

/** The record's name and company, its stage, owner, score and next follow-up. */
export function RecordHeader({ record, names }: Props) {
  const { t } = useTranslation('record');
  const format = useWorkFormat();
  const fields = record.fields as Record<string, unknown>;
  const company = typeof fields.companyName === 'string' ? fields.companyName : typeof fields.company === 'string' ? fields.company : null;
  return (
    <header className="record-header">
      <h1 data-testid="record-name">{typeof fields.name === 'string' && fields.name ? fields.name : t('title')}</h1>
      {company ? <p className="record-company">{company}</p> : null}
      <dl className="record-facts">
        <dt>{t('header.stage')}</dt>
        <dd data-testid="record-stage">{names.stage(record.stage)}</dd>
        <dt>{t('header.owner')}</dt>
        <dd data-testid="record-owner">{record.owner?.name ?? t('header.noOwner')}</dd>
        {record.score !== null ? (
          <>
            <dt>{t('header.score')}</dt>
            <dd>{format.count(record.score)}</dd>
          </>
        ) : null}
        <dt>{t('header.followUp')}</dt>
        <dd data-testid="record-follow-up">
          {record.nextFollowUpAt ? format.dateTime(record.nextFollowUpAt) : t('header.noFollowUp')}
          {record.followUpNote ? ` · ${record.followUpNote}` : ''}
        </dd>
        {record.pool?.reason ? (
          <>
            <dt>{t('header.poolReason')}</dt>
            <dd data-testid="record-pool-reason">{names.reason(record.pool.reason)}</dd>
          </>
        ) : null}
      </dl>
    </header>
  );
}
