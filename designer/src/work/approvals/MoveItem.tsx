import { useTranslation } from 'react-i18next';
import { routeHash } from '../../session/useRoute';
import { definitionNames } from '../notifications/definition-names';
import { recordField } from '../notifications/record-field';
import { useWorkFormat } from '../shared/format';
import { useWorkflowDefinition } from '../shared/useWorkflowDefinition';
import { DecisionForm } from './DecisionForm';
import type { MoveAsked } from './pending-decisions';

export type Props = {
  asked: MoveAsked;
  busy: boolean;
  onDecide: (asked: MoveAsked, approve: boolean, reason: string) => void;
};

/** One approval request: the record (a link), who asked, the move asked for (from its stage to the target) and the note. */
export function MoveItem({ asked, busy, onDecide }: Props) {
  const { t, i18n } = useTranslation('approvals');
  const format = useWorkFormat();
  const { record } = asked;
  const latest = useWorkflowDefinition(record.workflowKey, record.workflowVersion);
  const definition = latest.status === 'done' ? latest.data : null;
  const names = definitionNames(definition, i18n.language);
  const target = definition?.transitions.find((transition) => transition.key === asked.transition)?.to;
  const name = recordField(record.fields, 'name') || t('unnamed');
  return (
    <li className="approval-item" data-testid="approval-request" data-record-id={record.id}>
      <h3>
        <a href={routeHash({ page: 'record', recordId: record.id })}>{name}</a>
      </h3>
      <p>{t('askedBy', { name: asked.requestedBy ?? t('nobody'), when: format.dateTime(asked.requestedAt) })}</p>
      <p data-testid="requested-move">
        {t('move', { transition: names.transition(asked.transition), from: names.stage(record.stage), to: target ? names.stage(target) : '…' })}
      </p>
      {asked.note && <p className="approval-note">{t('note', { note: asked.note })}</p>}
      <DecisionForm name={name} busy={busy} onDecide={(approve, reason) => onDecide(asked, approve, reason)} />
    </li>
  );
}
