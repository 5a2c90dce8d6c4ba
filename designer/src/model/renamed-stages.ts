import type { Stage, WorkflowDefinition } from '@funnel/schemas';
import { jsonEqual } from './json-equal';

/**
 * Old stages that look renamed in the new version: gone under their key, with exactly one new stage (a key the old
 * version did not have) that is the same stage under another key — equal but for key, position and name, or named
 * the same in English. The migration wizard maps them there and marks them renamed, so their records keep their time in
 * the stage; the admin can still change either.
 * @example renamedStages({ before: v1, after: v2 }) // → { lead: 'prospect' }
 */
export function renamedStages({ before, after }: { before: WorkflowDefinition; after: WorkflowDefinition }): Record<string, string> {
  const oldKeys = new Set(before.stages.map((stage) => stage.key));
  const newKeys = new Set(after.stages.map((stage) => stage.key));
  const added = after.stages.filter((stage) => !oldKeys.has(stage.key));
  const taken = new Set<string>();
  const renamed: Record<string, string> = {};
  for (const old of before.stages.filter((stage) => !newKeys.has(stage.key))) {
    const candidates = added.filter((stage) => !taken.has(stage.key) && sameStage(old, stage));
    const [only] = candidates;
    if (only && candidates.length === 1) {
      renamed[old.key] = only.key;
      taken.add(only.key);
    }
  }
  return renamed;
}

/** The same stage under another key: everything equal but key, position and name, or the same English name. */
function sameStage(old: Stage, renamed: Stage): boolean {
  const { key: _oldKey, position: _oldPosition, name: _oldName, ...oldRest } = old;
  const { key: _newKey, position: _newPosition, name: _newName, ...newRest } = renamed;
  return jsonEqual(oldRest, newRest) || old.name.en === renamed.name.en;
}
