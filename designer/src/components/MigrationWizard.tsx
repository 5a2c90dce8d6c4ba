import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorkflowDefinition } from '@funnel/schemas';
import { migrateRecords, planMigration, type MigrationJob, type MigrationPlan, type StageMapEntry, type WorkflowDetail } from '../api/funnel-api';
import { localizedText } from '../model/localized-text';
import { renamedStages } from '../model/renamed-stages';
import { useWorkflowStore } from '../store/useWorkflowStore';
import { ErrorMessage } from './ErrorMessage';

export type Props = { workflow: WorkflowDetail; from: number; to: number; onClose: () => void };

/** Records migrated per request, so the progress bar moves and a long migration can resume. */
const MIGRATION_BATCH = 25;

/**
 * After publishing: map each old stage to a new one (same key by default), dry-run to see how many
 * records would move where, then run the migration in batches with a progress bar.
 */
export function MigrationWizard({ workflow, from, to, onClose }: Props) {
  const { t } = useTranslation();
  const oldDefinition = workflow.versions.find((version) => version.version === from)?.definition;
  const newDefinition = useWorkflowStore((state) => state.definition);
  const migration = useMigration({ workflowKey: workflow.key, from, to, oldDefinition, newDefinition });
  if (!oldDefinition || !newDefinition) return null;
  const { plan, job, running } = migration;
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
            {oldDefinition.stages.map((stage) => (
              <StageMapRow key={stage.key} stageKey={stage.key} oldDefinition={oldDefinition} newDefinition={newDefinition} migration={migration} />
            ))}
          </tbody>
        </table>
        {plan ? <PlanSummary plan={plan} /> : null}
        {job ? <JobProgress job={job} /> : null}
        <ErrorMessage error={migration.error} />
        <div className="row">
          <button type="button" onClick={() => void migration.dryRun()} disabled={running} data-testid="migration-dry-run">
            {t('migration.dryRun')}
          </button>
          <button type="button" onClick={() => void migration.run()} disabled={!plan?.ok || running || job?.status === 'done'} data-testid="migration-run">
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

/** How old stages map to new ones, as the admin edits it; `entries` is the map as the api takes it. */
interface StageMapping {
  stageMap: Record<string, string>;
  /** Whether the old stage goes to a stage under another key (only such a stage can be marked renamed). */
  mappedElsewhere: (source: string) => boolean;
  isMarkedRenamed: (source: string) => boolean;
  mapStage: (source: string, target: string) => void;
  markRenamed: (source: string, renamed: boolean) => void;
  entries: () => StageMapEntry[];
}

/** The wizard's state: the stage mapping, the dry run's plan, the running job, and the actions on them. */
interface Migration extends StageMapping {
  plan: MigrationPlan | null;
  job: MigrationJob | null;
  error: unknown;
  running: boolean;
  dryRun: () => Promise<void>;
  run: () => Promise<void>;
}

function useMigration(input: {
  workflowKey: string;
  from: number;
  to: number;
  oldDefinition: WorkflowDefinition | undefined;
  newDefinition: WorkflowDefinition | null;
}): Migration {
  const [plan, setPlan] = useState<MigrationPlan | null>(null);
  const [job, setJob] = useState<MigrationJob | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [running, setRunning] = useState(false);
  // A changed mapping makes the dry run's plan stale.
  const mapping = useStageMapping({ oldDefinition: input.oldDefinition, newDefinition: input.newDefinition, onChange: () => setPlan(null) });
  const request = { workflowKey: input.workflowKey, fromVersion: input.from, toVersion: input.to };

  return {
    ...mapping,
    plan,
    job,
    error,
    running,
    dryRun: async () => {
      setError(null);
      try {
        setPlan(await planMigration({ ...request, stageMap: mapping.entries() }));
      } catch (caught) {
        setError(caught);
      }
    },
    run: async () => {
      setRunning(true);
      setError(null);
      try {
        let current: MigrationJob | null = null;
        do {
          current = await migrateRecords({ ...request, stageMap: mapping.entries(), jobId: current?.id ?? null, limit: MIGRATION_BATCH });
          setJob(current);
        } while (current.status === 'running' && current.processed < current.total);
      } catch (caught) {
        setError(caught);
      } finally {
        setRunning(false);
      }
    },
  };
}

/** Old stages missing from the new version map to their renamed key (marked renamed) or to its initial stage, until the admin picks another. */
function useStageMapping(input: {
  oldDefinition: WorkflowDefinition | undefined;
  newDefinition: WorkflowDefinition | null;
  onChange: () => void;
}): StageMapping {
  const { oldDefinition, newDefinition, onChange } = input;
  const [stageMap, setStageMap] = useState<Record<string, string>>({});
  /** Old stages the admin marked renamed: their records keep when they entered the stage and their timers. */
  const [renamed, setRenamed] = useState<ReadonlySet<string>>(new Set());

  // The guess is made again only when either version's stages change: the workflow read again after publishing
  // (a new object with the same stages) must not undo what the admin already picked.
  const stagesKey = JSON.stringify([oldDefinition?.stages.map((stage) => stage.key), newDefinition?.stages.map((stage) => stage.key)]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the definitions are read when their stages change, named by `stagesKey`.
  useEffect(() => {
    if (!oldDefinition || !newDefinition) return;
    const newKeys = new Set(newDefinition.stages.map((stage) => stage.key));
    // A stage whose key was renamed goes to its new key, marked renamed; any other gone stage to the initial stage.
    const guessed = renamedStages({ before: oldDefinition, after: newDefinition });
    setStageMap(
      Object.fromEntries(
        oldDefinition.stages.filter((stage) => !newKeys.has(stage.key)).map((stage) => [stage.key, guessed[stage.key] ?? newDefinition.initialStage]),
      ),
    );
    setRenamed(new Set(Object.keys(guessed)));
  }, [stagesKey]);

  // Only a stage mapped to another key can be renamed: one kept under its key keeps its time anyway, and the api
  // refuses a rename there.
  const mappedElsewhere = (source: string) => Boolean(stageMap[source]) && stageMap[source] !== source;
  const isRenamed = (source: string) => renamed.has(source) && mappedElsewhere(source);
  return {
    stageMap,
    mappedElsewhere,
    isMarkedRenamed: (source) => renamed.has(source),
    mapStage: (source, target) => {
      onChange();
      setStageMap({ ...stageMap, [source]: target });
    },
    markRenamed: (source, isMarked) => {
      onChange();
      const next = new Set(renamed);
      if (isMarked) next.add(source);
      else next.delete(source);
      setRenamed(next);
    },
    entries: () => Object.entries(stageMap).map(([source, target]) => ({ from: source, to: target, ...(isRenamed(source) ? { rename: true } : {}) })),
  };
}

type StageMapRowProps = { stageKey: string; oldDefinition: WorkflowDefinition; newDefinition: WorkflowDefinition; migration: Migration };

/** One old stage: the new stage its records go to, whether it was renamed, and how many records the dry run moves. */
function StageMapRow({ stageKey, oldDefinition, newDefinition, migration }: StageMapRowProps) {
  const { t, i18n } = useTranslation();
  const { stageMap, plan } = migration;
  const stageName = (definition: WorkflowDefinition, key: string | null) =>
    key ? localizedText(definition.stages.find((stage) => stage.key === key)?.name, i18n.language) || key : '—';
  const planned = plan?.stages.find((row) => row.from === stageKey);
  const kept = newDefinition.stages.some((candidate) => candidate.key === stageKey);
  return (
    <tr>
      <th scope="row">{stageName(oldDefinition, stageKey)}</th>
      <td>
        <select
          aria-label={t('migration.mapOf', { stage: stageName(oldDefinition, stageKey) })}
          data-testid={`migration-map-${stageKey}`}
          value={stageMap[stageKey] ?? (kept ? stageKey : '')}
          onChange={(event) => migration.mapStage(stageKey, event.target.value)}
        >
          {!kept ? <option value="">—</option> : null}
          {newDefinition.stages.map((target) => (
            <option key={target.key} value={target.key}>
              {stageName(newDefinition, target.key)}
            </option>
          ))}
        </select>
        {migration.mappedElsewhere(stageKey) ? (
          <label className="check">
            <input
              type="checkbox"
              data-testid={`migration-rename-${stageKey}`}
              checked={migration.isMarkedRenamed(stageKey)}
              onChange={(event) => migration.markRenamed(stageKey, event.target.checked)}
            />
            {t('migration.renamed')}
          </label>
        ) : null}
      </td>
      <td data-testid={`migration-count-${stageKey}`}>{planned ? new Intl.NumberFormat(i18n.language).format(planned.count) : '…'}</td>
    </tr>
  );
}

/** The dry run's answer: how many records would move, or which old stages still need a target; and its diagnostics. */
function PlanSummary({ plan }: { plan: MigrationPlan }) {
  const { t } = useTranslation();
  const total = plan.stages.reduce((sum, stage) => sum + stage.count, 0);
  return (
    <p data-testid="migration-plan">
      {plan.ok ? t('migration.planOk', { count: total }) : t('migration.planBlocked', { stages: plan.unmapped.join(', ') })}
      {plan.diagnostics.map((diagnostic) => ` ${diagnostic.pointer} ${diagnostic.message}`).join(';')}
    </p>
  );
}

/** The running (or finished) migration: a progress bar, the outcome once it ends, and the rows that failed. */
function JobProgress({ job }: { job: MigrationJob }) {
  const { t } = useTranslation();
  return (
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
  );
}
