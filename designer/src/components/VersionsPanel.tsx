import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorkflowDefinition } from '@funnel/schemas';
import type { WorkflowDetail } from '../api/funnel-api';
import { useWorkflowStore } from '../store/useWorkflowStore';
import { VersionDiffView } from './VersionDiffView';
import { VersionHistory } from './VersionHistory';

export type Props = { workflow: WorkflowDetail };

const DRAFT = 'draft';

/** Version history (published versions and the draft being edited) and a side-by-side diff of any two. */
export function VersionsPanel({ workflow }: Props) {
  const { t } = useTranslation();
  const draft = useWorkflowStore((state) => state.definition);
  const latest = workflow.versions.at(-1);
  const [left, setLeft] = useState(latest ? String(latest.version) : DRAFT);
  const [right, setRight] = useState(DRAFT);
  const definitionOf = (choice: string): WorkflowDefinition | null =>
    choice === DRAFT ? draft : (workflow.versions.find((version) => String(version.version) === choice)?.definition ?? null);
  const options = [
    ...workflow.versions.map((version) => ({ value: String(version.version), label: t('home.version', { version: version.version }) })),
    { value: DRAFT, label: t('versions.draft') },
  ];
  const before = definitionOf(left);
  const after = definitionOf(right);
  return (
    <section className="side-panel-body" aria-labelledby="versions-heading" data-testid="versions-panel">
      <h2 id="versions-heading">{t('versions.title')}</h2>
      <VersionHistory workflow={workflow} />
      <h3>{t('versions.compare')}</h3>
      <div className="version-pick">
        <label htmlFor="diff-left">{t('versions.before')}</label>
        <select id="diff-left" value={left} onChange={(event) => setLeft(event.target.value)}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
        <label htmlFor="diff-right">{t('versions.after')}</label>
        <select id="diff-right" value={right} onChange={(event) => setRight(event.target.value)}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
      {before && after ? <VersionDiffView before={before} after={after} /> : null}
    </section>
  );
}
