import type { WorkflowDefinition } from '@funnel/schemas';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorkflowSummary } from '../../api/funnel-api';
import { useApiQuery } from '../../api/useApiQuery';
import { ErrorMessage } from '../../components/ErrorMessage';
import { localizedText } from '../../model/localized-text';
import { recordField } from '../notifications/record-field';
import { usePoolList } from '../pool/usePoolList';
import { PickedWorkflow } from '../shared/PickedWorkflow';
import { useWorkflowDefinition } from '../shared/useWorkflowDefinition';
import { distribute, type HandTo } from './distribute';
import type { Placement } from './distribution-documents';
import { HandOverForm } from './HandOverForm';
import { PeopleLoads } from './PeopleLoads';
import { peopleLoads } from './people-loads';
import { PlacementNews } from './PlacementNews';
import { PoolChoice } from './PoolChoice';
import './distribution.css';

export type Props = { workflowKey: string | null };

/**
 * A manager hands pool records to people: chosen from the pool with checkboxes, to the people chosen (in turn, each
 * to the next with room) or by the assignment rules, each person shown with their open records against their
 * capacity; what could not be placed is said in words. Below, everything open of a departed salesperson is handed
 * over with a progress bar.
 */
export function DistributionPage({ workflowKey }: Props) {
  const { t } = useTranslation('distribution');
  return (
    <main className="work-page distribution-page" data-testid="distribution-page">
      <h1>{t('title')}</h1>
      <PickedWorkflow page="distribution" workflowKey={workflowKey} loading={t('loading')} none={t('noWorkflows')}>
        {(workflow) => <Distribution workflow={workflow} />}
      </PickedWorkflow>
    </main>
  );
}

function Distribution({ workflow }: { workflow: WorkflowSummary }) {
  const { t, i18n } = useTranslation('distribution');
  const latest = useWorkflowDefinition(workflow.key, workflow.latestVersion);
  const definition: WorkflowDefinition | null = latest.status === 'done' ? latest.data : null;
  const pool = usePoolList({ workflowKey: workflow.key, stage: null });
  const people = useApiQuery(() => peopleLoads(workflow.key), [workflow.key]);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [owners, setOwners] = useState<ReadonlySet<string>>(new Set());
  const [mode, setMode] = useState<'people' | 'rule'>('people');
  const [rule, setRule] = useState('');
  const [placements, setPlacements] = useState<Placement[] | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  const toggle = (set: ReadonlySet<string>, id: string) => (set.has(id) ? new Set([...set].filter((kept) => kept !== id)) : new Set([...set, id]));

  const handOut = async () => {
    const ids = pool.records.filter((record) => selected.has(record.id)).map((record) => record.id);
    const to: HandTo = mode === 'people' ? { kind: 'people', owners: [...owners] } : { kind: 'rule', rule: rule || null };
    setNames(new Map(pool.records.map((record) => [record.id, recordField(record.fields, 'name') || t('unnamed')])));
    setFailure(null);
    try {
      const placed = await distribute({ ids, to });
      setPlacements(placed);
      for (const placement of placed) if (placement.ownerId !== null) pool.remove(placement.recordId);
      setSelected(new Set());
      people.reload();
    } catch (error) {
      setFailure(error);
    }
  };
  const ready = selected.size > 0 && (mode === 'rule' || owners.size > 0);
  const rules = definition?.assignment?.rules ?? [];
  return (
    <>
      <section aria-labelledby="distribute-heading">
        <h2 id="distribute-heading">{t('distribute')}</h2>
        {pool.status === 'loading' && <p role="status">{t('loading')}</p>}
        {pool.error !== null && <ErrorMessage error={pool.error} />}
        {pool.status === 'ready' && pool.records.length === 0 && <p className="empty">{t('emptyPool')}</p>}
        {pool.records.length > 0 && (
          <PoolChoice records={pool.records} selected={selected} onToggle={(id) => setSelected(toggle(selected, id))} onAll={setSelected} />
        )}
        <fieldset className="hand-to">
          <legend>{t('handTo')}</legend>
          <label>
            <input type="radio" name="hand-to" checked={mode === 'people'} onChange={() => setMode('people')} data-testid="to-people" />
            {t('toPeople')}
          </label>
          <label>
            <input type="radio" name="hand-to" checked={mode === 'rule'} onChange={() => setMode('rule')} data-testid="to-rules" />
            {t('toRules')}
          </label>
          {mode === 'rule' && (
            <label>
              {t('rule')}
              <select value={rule} onChange={(event) => setRule(event.target.value)} data-testid="rule">
                <option value="">{t('firstRule')}</option>
                {rules.map((option) => (
                  <option key={option.key} value={option.key}>
                    {localizedText(option.name, i18n.language)}
                  </option>
                ))}
              </select>
            </label>
          )}
        </fieldset>
        {people.status === 'done' && (
          <PeopleLoads people={people.data} chosen={owners} choosing={mode === 'people'} onToggle={(id) => setOwners(toggle(owners, id))} />
        )}
        {people.status === 'error' && <ErrorMessage error={people.error} />}
        <button type="button" className="primary" disabled={!ready} onClick={() => void handOut()} data-testid="hand-out">
          {t('handOut', { count: selected.size })}
        </button>
        <PlacementNews placements={placements} nameOf={(id) => names.get(id) ?? id} />
        {failure !== null && <ErrorMessage error={failure} />}
      </section>
      {people.status === 'done' && <HandOverForm people={people.data} onDone={people.reload} />}
    </>
  );
}
