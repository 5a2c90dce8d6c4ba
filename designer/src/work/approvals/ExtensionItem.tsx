import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/useApiQuery';
import { routeHash } from '../../session/useRoute';
import { definitionNames } from '../notifications/definition-names';
import { recordField } from '../notifications/record-field';
import { extensionPlan } from '../record/extension-plan';
import { useWorkFormat } from '../shared/format';
import { useWorkflowDefinition } from '../shared/useWorkflowDefinition';
import { DecisionForm } from './DecisionForm';
import { type ExtensionAsked, otherExtendedRecords } from './pending-decisions';

export type Props = {
  asked: ExtensionAsked;
  busy: boolean;
  onDecide: (asked: ExtensionAsked, approve: boolean, reason: string) => void;
};

/**
 * One extension request: the record (a link), who asked, the timer, its deadline now and after the extension, the
 * extensions this record has had, and the owner's other extended records against the policy's maximum.
 */
export function ExtensionItem({ asked, busy, onDecide }: Props) {
  const { t, i18n } = useTranslation('approvals');
  const format = useWorkFormat();
  const { record } = asked;
  const latest = useWorkflowDefinition(record.workflowKey, record.workflowVersion);
  const definition = latest.status === 'done' ? latest.data : null;
  const names = definitionNames(definition, i18n.language);
  const ownerId = record.ownerId;
  const others = useApiQuery(
    () => (ownerId ? otherExtendedRecords({ ownerId, workflowKey: record.workflowKey, recordId: record.id }) : Promise.resolve(0)),
    [ownerId, record.id],
  );
  const plan = definition
    ? extensionPlan({ definition, timer: { key: asked.timer, stage: asked.stage, dueAt: asked.dueAt, extensions: asked.extensions } })
    : null;
  const policy = definition?.stages.find((stage) => stage.key === asked.stage)?.timers?.find((timer) => timer.key === asked.timer)?.extension;
  const name = recordField(record.fields, 'name') || t('unnamed');
  const owner = record.owner?.name ?? t('nobody');
  return (
    <li className="approval-item" data-testid="extension-request" data-record-id={record.id}>
      <h3>
        <a href={routeHash({ page: 'record', recordId: record.id })}>{name}</a>
      </h3>
      <p>{t('askedBy', { name: asked.requestedBy ?? t('nobody'), when: format.dateTime(asked.requestedAt) })}</p>
      <p>{t('timerIn', { timer: names.timer(asked.timer), stage: names.stage(asked.stage) })}</p>
      <dl className="approval-facts">
        <dt>{t('deadlineNow')}</dt>
        <dd data-testid="deadline-now">{format.dateTime(asked.dueAt)}</dd>
        {plan && (
          <>
            <dt>{t('deadlineAfter')}</dt>
            <dd data-testid="deadline-after">{format.dateTime(plan.extendedDueAt)}</dd>
            <dt>{t('extensionsOnRecord')}</dt>
            <dd>{t('countOf', { count: format.count(asked.extensions), max: format.count(plan.max) })}</dd>
          </>
        )}
        <dt>{t('otherExtended', { owner })}</dt>
        <dd data-testid="other-extended">
          {others.status === 'done'
            ? policy?.maxOpenPerOwner
              ? t('countOf', { count: format.count(others.data), max: format.count(policy.maxOpenPerOwner) })
              : format.count(others.data)
            : t('loading')}
        </dd>
      </dl>
      <DecisionForm name={name} busy={busy} onDecide={(approve, reason) => onDecide(asked, approve, reason)} />
    </li>
  );
}
