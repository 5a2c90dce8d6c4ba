import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { migrateRecords, planMigration, type MigrationJob, type MigrationPlan, type StageMapEntry, type WorkflowDetail } from '../api/funnel-api';
import { localizedText } from '../model/localized-text';
import { useWorkflowStore } from '../store/useWorkflowStore';
import { ErrorMessage } from './ErrorMessage';

export type Props = { apiKey: string; workflow: WorkflowDetail; from: number; to: number; onClose: () => void };

/** Records migrated per request, so the progress bar moves and a long migration can resume. */
const MIGRATION_BATCH = 25;

/**
 * After publishing: map each old stage to a new one (same key by default), dry-run to see how many
 * records would move where, then run the migration in batches with a progress bar.
 */
export function MigrationWizard({ apiKey, workflow, from, to, onClose }: Props) {
  const { t, i18n } = useTranslation();
  const oldDefinition = workflow.versions.find((version) => version.version === from)?.definition;
  const newDefinition = useWorkflowStore((state) => state.definition);
  const [stageMap, setStageMap] = useState<Record<string, string>>({});
  /** Old stages the admin marked renamed: their records keep when they entered the stage and their timers. */
  const [renamed, setRenamed] = useState<ReadonlySet<string>>(new Set());
  const [plan, setPlan] = useState<MigrationPlan | null>(null);
  const [job, setJob] = useState<MigrationJob | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [running, setRunning] = useState(false);

  useEffect(() => {
    if (!oldDefinition || !newDefinition) return;
    const newKeys = new Set(newDefinition.stages.map((stage) => stage.key));
    setStageMap(Object.fromEntries(oldDefinition.stages.filter((stage) => !newKeys.has(stage.key)).map((stage) => [stage.key, newDefinition.initialStage])));
  }, [oldDefinition, newDefinition]);

  if (!oldDefinition || !newDefinition) return null;
  // Only a stage mapped to another key can be renamed: one kept under its key keeps its time anyway, and the api
  // refuses a rename there.
  const mappedElsewhere = (source: string) => Boolean(stageMap[source]) && stageMap[source] !== source;
  const isRenamed = (source: string) => renamed.has(source) && mappedElsewhere(source);
  const entries = (): StageMapEntry[] =>
    Object.entries(stageMap).map(([source, target]) => ({ from: source, to: target, ...(isRenamed(source) ? { rename: true } : {}) }));
  const input = { apiKey, workflowKey: workflow.key, fromVersion: from, toVersion: to };
  const stageName = (definition: typeof oldDefinition, key: string | null) =>
    key ? localizedText(definition.stages.find((stage) => stage.key === key)?.name, i18n.language) || key : '—';

  const dryRun = async () => {
    setError(null);
    try {
      setPlan(await planMigration({ ...input, stageMap: entries() }));
    } catch (caught) {
      setError(caught);
    }
  };

  const run = async () => {
    setRunning(true);
    setError(null);
    try {
      let current: MigrationJob | null = null;
      do {
        current = await migrateRecords({ ...input, stageMap: entries(), jobId: current?.id ?? null, limit: MIGRATION_BATCH });
        setJob(current);
      } while (current.status === 'running' && current.processed < current.total);
    } catch (caught) {
      setError(caught);
    } finally {
      setRunning(false);
    }
  };

  const total = plan?.stages.reduce((sum, stage) => sum + stage.count, 0) ?? 0;
  return (
    <div className="dialog-backdrop">
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="migration-heading" data-testid="migration-wizard">
        <h2 id="migration-heading">{t('migration.title', { from, to })}</h2>
        <p>{t('migration.explain')}</p>
        <table className="diff-table">
          <thead>
            <tr>
              <th scope="col">{t('migration.oldStage', { version: from })}</th>
              <th scope="col">{t('migration.newStage', { version: to })}</th>
              <th scope="col">{t('migration.records')}</th>
            </tr>
          </thead>
          <tbody>
            {oldDefinition.stages.map((stage) => {
              const planned = plan?.stages.find((row) => row.from === stage.key);
              const kept = newDefinition.stages.some((candidate) => candidate.key === stage.key);
              return (
                <tr key={stage.key}>
                  <th scope="row">{stageName(oldDefinition, stage.key)}</th>
                  <td>
                    <select
                      aria-label={t('migration.mapOf', { stage: stageName(oldDefinition, stage.key) })}
                      data-testid={`migration-map-${stage.key}`}
                      value={stageMap[stage.key] ?? (kept ? stage.key : '')}
                      onChange={(event) => {
                        setPlan(null);
                        setStageMap({ ...stageMap, [stage.key]: event.target.value });
                      }}
                    >
                      {!kept ? <option value="">—</option> : null}
                      {newDefinition.stages.map((target) => (
                        <option key={target.key} value={target.key}>
                          {stageName(newDefinition, target.key)}
                        </option>
                      ))}
                    </select>
                    {mappedElsewhere(stage.key) ? (
                      <label className="check">
                        <input
                          type="checkbox"
                          data-testid={`migration-rename-${stage.key}`}
                          checked={renamed.has(stage.key)}
                          onChange={(event) => {
                            setPlan(null);
                            const next = new Set(renamed);
                            if (event.target.checked) next.add(stage.key);
                            else next.delete(stage.key);
                            setRenamed(next);
                          }}
                        />
                        {t('migration.renamed')}
                      </label>
                    ) : null}
                  </td>
                  <td data-testid={`migration-count-${stage.key}`}>{planned ? new Intl.NumberFormat(i18n.language).format(planned.count) : '…'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {plan ? (
          <p data-testid="migration-plan">
            {plan.ok ? t('migration.planOk', { count: total }) : t('migration.planBlocked', { stages: plan.unmapped.join(', ') })}
            {plan.diagnostics.map((diagnostic) => ` ${diagnostic.pointer} ${diagnostic.message}`).join(';')}
          </p>
        ) : null}
        {job ? (
          <div>
            <label htmlFor="migration-progress">{t('migration.progress', { processed: job.processed, total: job.total })}</label>
            <progress id="migration-progress" max={Math.max(job.total, 1)} value={job.processed} data-testid="migration-progress" />
            {job.status !== 'running' ? <p>{t(`migration.${job.status}`, { migrated: job.created, skipped: job.skipped })}</p> : null}
            {job.errors.length > 0 ? (
              <ul className="reasons">
                {job.errors.map((row, index) => (
                  <li key={index}>
                    {row.pointer} {row.message}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
        <ErrorMessage error={error} />
        <div className="row">
          <button type="button" onClick={() => void dryRun()} disabled={running} data-testid="migration-dry-run">
            {t('migration.dryRun')}
          </button>
          <button type="button" onClick={() => void run()} disabled={!plan?.ok || running || job?.status === 'done'} data-testid="migration-run">
            {t('migration.run')}
          </button>
          <button type="button" onClick={onClose}>
            {t('migration.close')}
          </button>
        </div>
      </div>
    </div>
  );
}
