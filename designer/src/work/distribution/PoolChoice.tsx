import { useTranslation } from 'react-i18next';
import { recordField } from '../notifications/record-field';
import { useDefinitionNames } from '../notifications/useDefinitionNames';
import type { PoolRecord } from '../pool/pool-documents';
import { useWorkFormat } from '../shared/format';
import { routeHash } from '../../session/useRoute';

export type Props = {
  records: readonly PoolRecord[];
  selected: ReadonlySet<string>;
  onToggle: (id: string) => void;
  onAll: (ids: ReadonlySet<string>) => void;
};

/** The pool's records with a checkbox each (and one for all), to hand out. */
export function PoolChoice({ records, selected, onToggle, onAll }: Props) {
  const { t } = useTranslation('distribution');
  const all = records.length > 0 && records.every((record) => selected.has(record.id));
  return (
    <div className="pool-choice-wrap">
      <table className="pool-choice" data-testid="pool-choice">
        <caption className="visually-hidden">{t('poolRecords')}</caption>
        <thead>
          <tr>
            <th scope="col">
              <input
                type="checkbox"
                checked={all}
                onChange={() => onAll(all ? new Set() : new Set(records.map((record) => record.id)))}
                aria-label={t('selectAll')}
                data-testid="select-all"
              />
            </th>
            <th scope="col">{t('columns.record')}</th>
            <th scope="col">{t('columns.stage')}</th>
            <th scope="col">{t('columns.reason')}</th>
            <th scope="col">{t('columns.since')}</th>
          </tr>
        </thead>
        <tbody>
          {records.map((record) => (
            <ChoiceRow key={record.id} record={record} checked={selected.has(record.id)} onToggle={onToggle} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ChoiceRow({ record, checked, onToggle }: { record: PoolRecord; checked: boolean; onToggle: (id: string) => void }) {
  const { t } = useTranslation('distribution');
  const format = useWorkFormat();
  const names = useDefinitionNames(record.workflowKey, record.workflowVersion);
  const name = recordField(record.fields, 'name') || t('unnamed');
  return (
    <tr data-testid="pool-choice-row" data-record-id={record.id}>
      <td>
        <input type="checkbox" checked={checked} onChange={() => onToggle(record.id)} aria-label={t('select', { name })} />
      </td>
      <th scope="row">
        <a href={routeHash({ page: 'record', recordId: record.id })}>{name}</a>
      </th>
      <td>{names.stage(record.stage)}</td>
      <td>{record.pool?.reason ? names.reason(record.pool.reason) : t('noReason')}</td>
      <td>{record.pool && <time dateTime={record.pool.since}>{format.dateTime(record.pool.since)}</time>}</td>
    </tr>
  );
}
