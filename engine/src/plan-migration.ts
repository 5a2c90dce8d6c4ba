import { escapePointer, type Diagnostic } from '@funnel/schemas';
import type { CompiledWorkflow } from './compiled-workflow';
import { errorAt } from './diagnostic-at';

/** Where the records of one old stage go. */
export interface StageMigration {
  from: string;
  /** The new stage, or null when the old stage has no place in the new version. */
  to: string | null;
  /**
   * `map` from the stage map (records enter the new stage at the migration), `rename` from the stage map for a
   * stage renamed (records keep when they entered it and their timers' progress), `same_key` when the new
   * version has a stage with the same key (kept likewise).
   */
  by: 'map' | 'rename' | 'same_key' | 'unmapped';
  count?: number;
}

/** A migration plan from one version of a definition to another. */
export interface MigrationPlan {
  workflowKey: string;
  fromVersion: number;
  toVersion: number;
  stages: StageMigration[];
  /** Old stages with no new stage. */
  unmapped: string[];
  diagnostics: Diagnostic[];
  /** No errors, and every unmapped stage is known to hold no records. */
  ok: boolean;
}

/**
 * Plans moving in-flight records to a new version: each old stage goes to `stageMap[stage]`, else to the stage with
 * the same key, else nowhere (unmapped). A stage map naming a stage that does not exist is an error at `/stageMap/<key>`.
 * `renamed` lists the old stages whose entry in the stage map is a rename (the new stage is the old one under a new
 * key): their entries are `by: 'rename'`. A rename of a stage the map does not map, or maps to its own key, is an
 * error at `/stageMap/<key>/rename`.
 * @example planMigration({ from: v1, to: v2, stageMap: { sq: 'sql' }, renamed: ['sq'], stageCounts: { sq: 4 } }).stages // → [{ from: 'sq', to: 'sql', by: 'rename', count: 4 }, …]
 */
export function planMigration(args: {
  from: CompiledWorkflow;
  to: CompiledWorkflow;
  stageMap: Record<string, string>;
  renamed?: readonly string[];
  stageCounts?: Record<string, number>;
}): MigrationPlan {
  const { from, to, stageMap, stageCounts } = args;
  const renamed = new Set(args.renamed);
  const diagnostics: Diagnostic[] = [];
  for (const old of renamed) {
    const pointer = `/stageMap/${escapePointer(old)}/rename`;
    const target = Object.hasOwn(stageMap, old) ? stageMap[old] : undefined;
    if (target === undefined) {
      diagnostics.push(
        errorAt({
          code: 'migration.rename_unmapped',
          pointer,
          message: `stage "${old}" is marked renamed but the stage map does not map it; map it to its new key`,
        }),
      );
    } else if (target === old) {
      diagnostics.push(
        errorAt({
          code: 'migration.rename_same_key',
          pointer,
          message: `stage "${old}" is mapped to its own key, so it is not renamed; a stage kept under its key keeps its records' time in stage anyway, so drop the rename`,
        }),
      );
    }
  }
  for (const [old, target] of Object.entries(stageMap)) {
    const pointer = `/stageMap/${escapePointer(old)}`;
    if (!from.stage(old)) {
      diagnostics.push(
        errorAt({
          code: 'migration.unknown_stage',
          pointer,
          message: `stage "${old}" does not exist in version ${from.version}; its stages: ${from.stages.map((s) => s.key).join(', ')}`,
        }),
      );
    }
    if (!to.stage(target)) {
      diagnostics.push(
        errorAt({
          code: 'migration.unknown_stage',
          pointer,
          message: `stage "${target}" does not exist in version ${to.version}; its stages: ${to.stages.map((s) => s.key).join(', ')}`,
        }),
      );
    }
  }
  const stages = from.stages.map((stage): StageMigration => {
    const mapped = stageMap[stage.key];
    const count = stageCounts?.[stage.key];
    const withCount = count !== undefined ? { count } : {};
    if (mapped !== undefined && to.stage(mapped))
      return { from: stage.key, to: mapped, by: renamed.has(stage.key) && mapped !== stage.key ? 'rename' : 'map', ...withCount };
    if (mapped === undefined && to.stage(stage.key)) return { from: stage.key, to: stage.key, by: 'same_key', ...withCount };
    return { from: stage.key, to: null, by: 'unmapped', ...withCount };
  });
  const unmapped = stages.filter((s) => s.to === null).map((s) => s.from);
  const ok = diagnostics.length === 0 && unmapped.every((s) => stageCounts?.[s] === 0);
  return { workflowKey: to.key, fromVersion: from.version, toVersion: to.version, stages, unmapped, diagnostics, ok };
}
