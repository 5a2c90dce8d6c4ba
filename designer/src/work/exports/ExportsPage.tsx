import { PHASES, type WorkflowDefinition } from '@funnel/schemas';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorkflowSummary } from '../../api/funnel-api';
import { publishedWorkflows } from '../shared/published-workflows';
import { useApiQuery } from '../../api/useApiQuery';
import { ErrorMessage } from '../../components/ErrorMessage';
import { localizedText } from '../../model/localized-text';
import { OwnerSourceFilters } from '../board/OwnerSourceFilters';
import { useWorkflowDefinition } from '../shared/useWorkflowDefinition';
import { ExportCsvLink } from './ExportCsvLink';
import type { ExportFilter } from './record-export-href';

/**
 * Exports: a workflow's records as CSV, filtered by stage, phase, owner, source, pool, score and search, downloaded
 * from the api's streaming export in the reader's language.
 */
export function ExportsPage() {
  const { t } = useTranslation('exports');
  const workflows = useApiQuery(publishedWorkflows, []);
  return (
    <main className="work-page exports-page">
      <h1>{t('title')}</h1>
      {workflows.status === 'loading' ? <p role="status">{t('loading')}</p> : null}
      {workflows.status === 'error' ? <ErrorMessage error={workflows.error} /> : null}
      {workflows.status === 'done' ? workflows.data.length > 0 ? <ExportForm workflows={workflows.data} /> : <p>{t('noWorkflows')}</p> : null}
    </main>
  );
}

function ExportForm({ workflows }: { workflows: readonly WorkflowSummary[] }) {
  const { t, i18n } = useTranslation('exports');
  const [workflowKey, setWorkflowKey] = useState(workflows[0]?.key ?? '');
  const workflow = workflows.find((candidate) => candidate.key === workflowKey) ?? (workflows[0] as WorkflowSummary);
  const definition = useWorkflowDefinition(workflow.key, workflow.latestVersion);
  const [filter, setFilter] = useState<ExportFilter>({});
  const set = (change: ExportFilter) => setFilter({ ...filter, ...change });
  const { en, zhHans, zhHant } = workflow.localizedName;
  return (
    <form className="export-form" aria-label={t('formLabel')} onSubmit={(event) => event.preventDefault()}>
      <label>
        {t('workflow')}
        <select
          value={workflow.key}
          onChange={(event) => {
            setWorkflowKey(event.target.value);
            setFilter({});
          }}
        >
          {workflows.map((candidate) => (
            <option key={candidate.key} value={candidate.key}>
              {localizedText(
                { en: candidate.localizedName.en, 'zh-Hans': candidate.localizedName.zhHans, 'zh-Hant': candidate.localizedName.zhHant },
                i18n.language,
              )}
            </option>
          ))}
        </select>
      </label>
      {definition.status === 'error' ? <ErrorMessage error={definition.error} /> : null}
      {definition.status === 'done' ? <DefinitionFilters definition={definition.data} filter={filter} set={set} /> : null}
      <label>
        {t('search')}
        <input type="search" value={filter.search ?? ''} onChange={(event) => set({ search: event.target.value || null })} />
      </label>
      <label>
        {t('minScore')}
        <input type="number" step={1} value={filter.minScore ?? ''} onChange={(event) => set({ minScore: event.target.value || null })} />
      </label>
      <label>
        {t('inPool')}
        <select value={filter.inPool ?? ''} onChange={(event) => set({ inPool: event.target.value || null })}>
          <option value="">{t('any')}</option>
          <option value="true">{t('inPoolYes')}</option>
          <option value="false">{t('inPoolNo')}</option>
        </select>
      </label>
      <p className="export-action">
        <ExportCsvLink workflowKey={workflow.key} filter={filter} />
        <span className="export-of">{t('of', { workflow: localizedText({ en, 'zh-Hans': zhHans, 'zh-Hant': zhHant }, i18n.language) })}</span>
      </p>
    </form>
  );
}

/** The filters the workflow's definition gives: its stages, the phases, and (with the owner) its sources. */
function DefinitionFilters({ definition, filter, set }: { definition: WorkflowDefinition; filter: ExportFilter; set: (change: ExportFilter) => void }) {
  const { t, i18n } = useTranslation('exports');
  const sources = (definition.fields.properties?.source?.enum ?? []).map(String);
  return (
    <>
      <label>
        {t('stage')}
        <select value={filter.stage ?? ''} onChange={(event) => set({ stage: event.target.value || null })}>
          <option value="">{t('anyStage')}</option>
          {definition.stages.map((stage) => (
            <option key={stage.key} value={stage.key}>
              {localizedText(stage.name, i18n.language)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('phase')}
        <select value={filter.phase ?? ''} onChange={(event) => set({ phase: event.target.value || null })}>
          <option value="">{t('any')}</option>
          {PHASES.map((phase) => (
            <option key={phase} value={phase}>
              {t(`phases.${phase}`)}
            </option>
          ))}
        </select>
      </label>
      <OwnerSourceFilters owner={filter.owner ?? null} source={filter.source ?? null} sources={sources} onChange={set} />
    </>
  );
}
