import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorkflowDetail } from '../api/funnel-api';
import { guardFieldNames } from '../model/guard-field-names';
import { useWorkflowStore } from '../store/useWorkflowStore';
import { SimulatorPanel } from './SimulatorPanel';
import { StagePanel } from './StagePanel';
import { TransitionPanel } from './TransitionPanel';
import { VersionsPanel } from './VersionsPanel';
import { WorkflowPanel } from './WorkflowPanel';

export type Props = { workflow: WorkflowDetail };

const TABS = ['properties', 'simulator', 'versions'] as const;
type Tab = (typeof TABS)[number];

/** The right-hand panel: properties of the selection (or the workflow), the simulator, and versions. */
export function SidePanel({ workflow }: Props) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>('properties');
  return (
    <aside className="side-panel" aria-label={t('panel.label')}>
      <div role="tablist" aria-label={t('panel.tabs')} className="tabs">
        {TABS.map((name) => (
          <button
            key={name}
            role="tab"
            type="button"
            id={`tab-${name}`}
            aria-selected={tab === name}
            aria-controls={`tabpanel-${name}`}
            onClick={() => setTab(name)}
            data-testid={`tab-${name}`}
          >
            {t(`panel.${name}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`tabpanel-${tab}`} aria-labelledby={`tab-${tab}`} className="tab-body">
        {tab === 'properties' ? <Properties /> : null}
        {tab === 'simulator' ? <SimulatorPanel workflowKey={workflow.key} /> : null}
        {tab === 'versions' ? <VersionsPanel workflow={workflow} /> : null}
      </div>
    </aside>
  );
}

function Properties() {
  const definition = useWorkflowStore((state) => state.definition);
  const selection = useWorkflowStore((state) => state.selection);
  if (!definition) return null;
  const fieldNames = guardFieldNames(definition);
  if (selection?.kind === 'stage') {
    const stage = definition.stages.find((candidate) => candidate.key === selection.key);
    if (stage) return <StagePanel key={stage.key} stage={stage} definition={definition} fieldNames={fieldNames} />;
  }
  if (selection?.kind === 'transition') {
    const transition = definition.transitions.find((candidate) => candidate.key === selection.key);
    if (transition) return <TransitionPanel key={transition.key} transition={transition} definition={definition} fieldNames={fieldNames} />;
  }
  return <WorkflowPanel definition={definition} fieldNames={fieldNames} />;
}
