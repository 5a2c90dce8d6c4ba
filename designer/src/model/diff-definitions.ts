import type { WorkflowDefinition } from '@funnel/schemas';
import { jsonEqual } from './json-equal';

/** An element present in both versions whose properties differ; `properties` names the top-level ones. */
interface ChangedElement {
  key: string;
  properties: string[];
}

/** What changed for one kind of element (stages or transitions) between two versions. */
export interface ElementDiff {
  added: string[];
  removed: string[];
  changed: ChangedElement[];
  unchanged: string[];
}

export interface DefinitionDiff {
  stages: ElementDiff;
  transitions: ElementDiff;
  /** Other top-level properties that differ (fields, rules, pipelines, name…). */
  properties: string[];
}

/** Layout is not meaning: moving a stage on the canvas is not a change between versions. */
const IGNORED_STAGE_PROPERTIES = new Set(['position']);

/**
 * Compares two versions of a definition: stages and transitions added, removed
 * and changed (by key), and which other properties differ.
 * @example diffDefinitions(v1, v2).stages.added // → ['trial']
 */
export function diffDefinitions(before: WorkflowDefinition, after: WorkflowDefinition): DefinitionDiff {
  return {
    stages: diffByKey(before.stages, after.stages, IGNORED_STAGE_PROPERTIES),
    transitions: diffByKey(before.transitions, after.transitions, new Set()),
    properties: changedProperties(
      before as unknown as Record<string, unknown>,
      after as unknown as Record<string, unknown>,
      new Set(['stages', 'transitions']),
    ),
  };
}

function diffByKey<T extends { key: string }>(before: readonly T[], after: readonly T[], ignored: ReadonlySet<string>): ElementDiff {
  const beforeByKey = new Map(before.map((element) => [element.key, element]));
  const afterKeys = new Set(after.map((element) => element.key));
  const diff: ElementDiff = { added: [], removed: [], changed: [], unchanged: [] };
  for (const element of after) {
    const old = beforeByKey.get(element.key);
    if (!old) {
      diff.added.push(element.key);
      continue;
    }
    const properties = changedProperties(old as unknown as Record<string, unknown>, element as unknown as Record<string, unknown>, ignored);
    if (properties.length > 0) diff.changed.push({ key: element.key, properties });
    else diff.unchanged.push(element.key);
  }
  diff.removed = before.filter((element) => !afterKeys.has(element.key)).map((element) => element.key);
  return diff;
}

function changedProperties(before: Record<string, unknown>, after: Record<string, unknown>, ignored: ReadonlySet<string>): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((name) => !ignored.has(name) && !jsonEqual(before[name], after[name])).sort();
}
