import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useWorkFormat } from '../shared/format';
import { AdminTable } from './AdminTable';
import { DateTimeField } from './DateTimeField';
import { fromZonedInput } from '../fields/zoned-date-time';
import { PagedList } from '../shared/PagedList';
import type { AuditEntry, Person } from './people-documents';

/** The audit log's typed filter (target type, who, since, until), as the api takes it. */
type AuditFilter = NonNullable<VariablesOf<typeof AUDIT_LOG>['filter']>;

/** One page of the audit log under a filter. */
async function auditPage(filter: AuditFilter, after: string | null) {
  const { auditLog } = await request(AUDIT_LOG, { filter, after });
  return { items: auditLog.edges.map((edge) => edge.node), endCursor: auditLog.pageInfo.endCursor ?? null, hasNextPage: auditLog.pageInfo.hasNextPage };
}
import { PersonSelect } from './PersonSelect';
import { request, type VariablesOf } from '../graphql';
import { AUDIT_LOG } from './people-documents';
import { useCursorPages } from '../shared/useCursorPages';

export type Props = { people: readonly Person[]; version: number };

const TARGET_TYPES = ['user', 'api_key', 'webhook_endpoint', 'workflow', 'migration', 'hand_over'] as const;

/** The fields a change touched, from its before and after (never a secret: the api leaves those out). */
function changedFields(entry: AuditEntry): string[] {
  const keys = (value: unknown) => (value && typeof value === 'object' ? Object.keys(value) : []);
  return [...new Set([...keys(entry.before), ...keys(entry.after)])];
}

/**
 * The workspace's administrative changes, newest first, in the reader's language and time zone: filtered by what
 * changed, who changed it and when, 20 at a time.
 */
export function AuditLog({ people, version }: Props) {
  const { t } = useTranslation('people');
  const format = useWorkFormat();
  const [targetType, setTargetType] = useState<AuditFilter['targetType']>(null);
  const [actorId, setActorId] = useState<string | null>(null);
  const [since, setSince] = useState('');
  const [until, setUntil] = useState('');
  // The dates typed are wall clocks in the reader's time zone, as the log's times are shown.
  const at = (typed: string) => fromZonedInput(typed, format.timeZone) ?? null;
  const filter: AuditFilter = { targetType, actorId, since: at(since), until: at(until) };
  const log = useCursorPages({ key: JSON.stringify(filter), version, read: (after) => auditPage(filter, after) });
  const nameOf = new Map(people.map((person) => [person.id, person.name]));
  const actorText = (entry: AuditEntry) => {
    const { user, userId, keyId } = entry.actor;
    if (!userId) return t('audit.anApp');
    const name = user?.name ?? nameOf.get(userId) ?? userId;
    return keyId ? `${name} ${t('audit.viaKey')}` : name;
  };
  return (
    <section className="admin-section" aria-labelledby="audit-title" data-testid="audit-log">
      <h2 id="audit-title">{t('audit.title')}</h2>
      <div className="admin-fields">
        <div className="form-field">
          <label htmlFor="audit-target">{t('audit.targetType')}</label>
          <select id="audit-target" value={targetType ?? ''} onChange={(event) => setTargetType((event.target.value || null) as AuditFilter['targetType'])}>
            <option value="">{t('audit.anyTarget')}</option>
            {TARGET_TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`audit.target.${type}`)}
              </option>
            ))}
          </select>
        </div>
        <PersonSelect
          id="audit-actor"
          label={t('audit.actor')}
          people={people}
          value={actorId}
          onChange={setActorId}
          problem={null}
          noneLabel={t('audit.anyone')}
        />
        <DateTimeField id="audit-since" label={t('audit.since')} value={since} onChange={setSince} />
        <DateTimeField id="audit-until" label={t('audit.until')} value={until} onChange={setUntil} />
      </div>
      <PagedList list={log} empty={t('audit.empty')}>
        <AdminTable
          testId="audit-table"
          columns={[t('audit.columns.at'), t('audit.columns.actor'), t('audit.columns.action'), t('audit.columns.target'), t('audit.columns.changed')]}
        >
          {log.items.map((entry) => (
            <tr key={entry.id} data-testid="audit-row" data-action={entry.action} data-target-id={entry.targetId}>
              <td>{format.dateTime(entry.at)}</td>
              <td>{actorText(entry)}</td>
              <td>{t(`audit.action.${entry.action}`)}</td>
              <td>
                {t(`audit.target.${entry.targetType}`)}
                {entry.targetType === 'user' && nameOf.has(entry.targetId) ? ` ${nameOf.get(entry.targetId)}` : ''}
              </td>
              <td>
                {changedFields(entry).map((field) => (
                  <code key={field} className="field-name">
                    {field}
                  </code>
                ))}
              </td>
            </tr>
          ))}
        </AdminTable>
      </PagedList>
    </section>
  );
}
