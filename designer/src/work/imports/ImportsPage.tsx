import type { FieldSpec, WorkflowDefinition } from '@funnel/schemas';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorkflowSummary } from '../../api/funnel-api';
import { publishedWorkflows } from '../shared/published-workflows';
import { useApiQuery } from '../../api/useApiQuery';
import { ErrorMessage } from '../../components/ErrorMessage';
import { localizedText } from '../../model/localized-text';
import { useWorkflowDefinition } from '../shared/useWorkflowDefinition';
import { ColumnMappingTable } from './ColumnMappingTable';
import { ImportFilePicker } from './ImportFilePicker';
import { ImportDuplicates, ImportRowErrors } from './ImportRowErrors';
import { type ColumnMapping, failedRows, failedRowsCsv, mappedCsv, proposedField, type ReadCsv, readCsv } from './import-csv';
import type { ImportJob } from './import-documents';
import { rowErrorWords } from './row-error-text';
import { type ImportRefusal, type ImportRequest, useImportRun } from './useImportRun';
import './imports.css';

/** The name of a workflow in the reader's language, as the api gives its names. */
function workflowName(workflow: WorkflowSummary, locale: string): string {
  const { en, zhHans, zhHant } = workflow.localizedName;
  return localizedText({ en, 'zh-Hans': zhHans, 'zh-Hant': zhHant }, locale);
}

/**
 * Imports: a CSV file chosen or dropped, the workflow (and pipeline) it goes into, each column mapped to a field
 * (proposed by key or title, as the api reads them), a preview of the rows the api would refuse or skip, then the run
 * with its progress and the failed rows to download with their errors.
 */
export function ImportsPage() {
  const { t } = useTranslation('imports');
  const workflows = useApiQuery(publishedWorkflows, []);
  return (
    <main className="work-page imports-page">
      <h1>{t('title')}</h1>
      {workflows.status === 'loading' ? <p role="status">{t('loading')}</p> : null}
      {workflows.status === 'error' ? <ErrorMessage error={workflows.error} /> : null}
      {workflows.status === 'done' ? workflows.data.length > 0 ? <ImportScreen workflows={workflows.data} /> : <p>{t('noWorkflows')}</p> : null}
    </main>
  );
}

function ImportScreen({ workflows }: { workflows: readonly WorkflowSummary[] }) {
  const { t, i18n } = useTranslation('imports');
  const [workflowKey, setWorkflowKey] = useState(workflows[0]?.key ?? '');
  const [file, setFile] = useState<{ name: string; csv: ReadCsv; serial: number } | null>(null);
  const workflow = workflows.find((candidate) => candidate.key === workflowKey) ?? (workflows[0] as WorkflowSummary);
  const definition = useWorkflowDefinition(workflow.key, workflow.latestVersion);
  return (
    <>
      <section aria-labelledby="import-file-heading" className="import-step">
        <h2 id="import-file-heading">{t('step.file')}</h2>
        <ImportFilePicker fileName={file?.name ?? null} onFile={({ name, text }) => setFile({ name, csv: readCsv(text), serial: (file?.serial ?? 0) + 1 })} />
        <label className="import-field">
          {t('workflow')}
          <select value={workflow.key} onChange={(event) => setWorkflowKey(event.target.value)} data-testid="import-workflow">
            {workflows.map((candidate) => (
              <option key={candidate.key} value={candidate.key}>
                {workflowName(candidate, i18n.language)}
              </option>
            ))}
          </select>
        </label>
      </section>
      {definition.status === 'error' ? <ErrorMessage error={definition.error} /> : null}
      {definition.status === 'done' && file ? (
        <ImportOfFile key={`${file.serial}:${workflow.key}`} workflowKey={workflow.key} definition={definition.data} csv={file.csv} fileName={file.name} />
      ) : null}
    </>
  );
}

function proposedMapping(header: readonly string[], properties: Record<string, FieldSpec>): ColumnMapping {
  return header.map((column) => proposedField(column, properties));
}

function ImportOfFile(props: { workflowKey: string; definition: WorkflowDefinition; csv: ReadCsv; fileName: string }) {
  const { workflowKey, definition, csv } = props;
  const { t, i18n } = useTranslation('imports');
  const properties = (definition.fields.properties ?? {}) as Record<string, FieldSpec>;
  const pipelines = definition.pipelines ?? [];
  const [pipeline, setPipeline] = useState<string | null>(null);
  const [mapping, setMapping] = useState<ColumnMapping>(() => proposedMapping(csv.header, properties));
  const { preview, run, reset, previewStep, runStep, job } = useImportRun();
  // A changed mapping or pipeline makes an earlier preview stale: it is shown again only when asked.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the mapping and pipeline are what make it stale.
  useEffect(() => reset(), [mapping, pipeline, reset]);
  const input: ImportRequest = { workflowKey, pipeline, csv: mappedCsv(csv, mapping) };
  const previewed = previewStep.status === 'done';
  return (
    <>
      <section aria-labelledby="import-map-heading" className="import-step">
        <h2 id="import-map-heading">{t('step.map')}</h2>
        <p>{t('file.rows', { count: csv.records.length, name: props.fileName })}</p>
        {pipelines.length > 0 ? (
          <label className="import-field">
            {t('pipeline')}
            <select value={pipeline ?? ''} onChange={(event) => setPipeline(event.target.value || null)} data-testid="import-pipeline">
              <option value="">{t('defaultPipeline')}</option>
              {pipelines.map((candidate) => (
                <option key={candidate.key} value={candidate.key}>
                  {candidate.name ? localizedText(candidate.name, i18n.language) : candidate.key}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <ColumnMappingTable header={csv.header} example={csv.records[0] ?? []} mapping={mapping} properties={properties} onChange={setMapping} />
      </section>
      <section aria-labelledby="import-preview-heading" className="import-step">
        <h2 id="import-preview-heading">{t('step.preview')}</h2>
        <button type="button" onClick={() => void preview(input)} disabled={previewStep.status === 'working'} data-testid="import-preview">
          {t('preview.button')}
        </button>
        <div role="status" className="import-status">
          {previewStep.status === 'working' ? t('preview.working') : null}
          {previewStep.status === 'done'
            ? t('preview.summary', { total: previewStep.answer.total, created: previewStep.answer.created, skipped: previewStep.answer.skipped })
            : null}
        </div>
        {previewStep.status === 'refused' ? <RefusalView refusal={previewStep.refusal} /> : null}
        {previewStep.status === 'done' ? (
          <>
            <ImportRowErrors errors={previewStep.answer.errors} leftOut={previewStep.answer.errorsLeftOut} properties={properties} />
            <ImportDuplicates duplicates={previewStep.answer.duplicates} leftOut={previewStep.answer.duplicatesLeftOut} />
          </>
        ) : null}
      </section>
      {previewed ? (
        <section aria-labelledby="import-run-heading" className="import-step">
          <h2 id="import-run-heading">{t('step.run')}</h2>
          <button type="button" className="primary" onClick={() => void run(input)} disabled={runStep.status !== 'idle'} data-testid="import-run">
            {t('run.button')}
          </button>
          {job ? <ImportProgress job={job} /> : null}
          {runStep.status === 'refused' ? <RefusalView refusal={runStep.refusal} /> : null}
          {runStep.status === 'done' ? <ImportOutcome job={runStep.answer} csv={csv} properties={properties} /> : null}
        </section>
      ) : null}
    </>
  );
}

function ImportProgress({ job }: { job: ImportJob }) {
  const { t } = useTranslation('imports');
  return (
    <div className="import-progress">
      <progress max={job.total} value={job.processed} aria-label={t('run.progress')} data-testid="import-progress" />
      <p role="status">{t('run.processed', { processed: job.processed, total: job.total })}</p>
    </div>
  );
}

/** How long a downloaded file's object URL is kept: the browser reads it after the click, not during it. */
const DOWNLOAD_URL_KEPT_MS = 60_000;

/**
 * Saves a text as a file through a link clicked for the person (the way a download is started from a script); its
 * object URL is revoked a minute later.
 * @example saveTextFile({ text: 'a,b', name: 'failed-rows.csv', type: 'text/csv' })
 */
function saveTextFile({ text, name, type }: { text: string; name: string; type: string }): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), DOWNLOAD_URL_KEPT_MS);
}

function ImportOutcome({ job, csv, properties }: { job: ImportJob; csv: ReadCsv; properties: Record<string, FieldSpec> }) {
  const { t, i18n } = useTranslation('imports');
  const failedCount = new Set(job.errors.map((error) => error.row)).size;
  const download = () => {
    const failed = failedRows(job.errors, (error) => {
      const words = rowErrorWords(error, properties, t, i18n.language);
      return words.field ? `${words.field}: ${words.text}` : words.text;
    });
    saveTextFile({ text: failedRowsCsv(csv, failed, t('run.errorsColumn')), name: 'failed-rows.csv', type: 'text/csv;charset=utf-8' });
  };
  return (
    <div className="import-outcome">
      <p role="status" data-testid="import-outcome">
        {t(job.status === 'failed' ? 'run.failed' : 'run.done', {
          created: job.created,
          skipped: job.skipped,
          duplicates: job.duplicates.length + job.duplicatesLeftOut,
        })}
      </p>
      {failedCount > 0 ? (
        <button type="button" onClick={download} data-testid="import-failed-rows">
          {t('run.downloadFailed', { count: failedCount })}
        </button>
      ) : null}
      <ImportRowErrors errors={job.errors} leftOut={job.errorsLeftOut} properties={properties} />
    </div>
  );
}

function RefusalView({ refusal }: { refusal: ImportRefusal }) {
  const { t } = useTranslation('imports');
  return (
    <div role="alert" className="error-inline">
      <p>{t('refused')}</p>
      {refusal.diagnostics.length > 0 ? (
        <ul>
          {refusal.diagnostics.map((diagnostic) => (
            <li key={`${diagnostic.pointer}:${diagnostic.message}`}>{diagnostic.message}</li>
          ))}
        </ul>
      ) : (
        <p>{refusal.message}</p>
      )}
    </div>
  );
}
