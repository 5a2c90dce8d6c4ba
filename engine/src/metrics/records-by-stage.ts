import type { StageEntry } from './stage-entries';

/**
 * The distinct records that entered each stage: stage key → record ids (a record entering twice counts once).
 * @example recordsByStage([{ recordId: 'r1', stage: 'lead', at: 0 }, { recordId: 'r1', stage: 'lead', at: 5 }]).get('lead')?.size // → 1
 */
export function recordsByStage(entries: readonly StageEntry[]): Map<string, Set<string>> {
  const byStage = new Map<string, Set<string>>();
  for (const entry of entries) {
    const records = byStage.get(entry.stage) ?? new Set<string>();
    records.add(entry.recordId);
    byStage.set(entry.stage, records);
  }
  return byStage;
}
