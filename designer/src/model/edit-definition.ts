import type { Stage, Transition, WorkflowDefinition } from '@funnel/schemas';
import { defaultTransitionName, followStageName } from './default-transition-name';
import { renameStageKey } from './rename-stage-key';
import { newStage, type StageKind } from './stage-kinds';
import { STAGE_NODE_WIDTH, stageNodeSize } from './stage-node-size';
import { uniqueKey } from './unique-key';

/**
 * Adds a stage of a kind at a position, under a fresh key.
 * @example addStage({ definition, kind: 'stage', position: { x: 0, y: 0 } }).stages.at(-1).key // → 'new_stage'
 */
export function addStage({ definition, kind, position }: { definition: WorkflowDefinition; kind: StageKind; position: { x: number; y: number } }): {
  definition: WorkflowDefinition;
  key: string;
} {
  const taken = new Set(definition.stages.map((stage) => stage.key));
  const key = uniqueKey(kind === 'stage' ? 'new_stage' : kind, taken);
  return { definition: { ...definition, stages: [...definition.stages, newStage({ kind, key, position })] }, key };
}

/**
 * Creates a transition from one stage to another, named after both (in every locale).
 * @example connectStages({ definition, source: 'lead', target: 'opportunity' }).key // → 'lead_to_opportunity'
 */
export function connectStages({ definition, source, target }: { definition: WorkflowDefinition; source: string; target: string }): {
  definition: WorkflowDefinition;
  key: string;
} {
  const taken = new Set(definition.transitions.map((transition) => transition.key));
  const key = uniqueKey(`${source}_to_${target}`, taken);
  const sourceStage = definition.stages.find((stage) => stage.key === source) ?? { key: source, name: { en: source } };
  const targetStage = definition.stages.find((stage) => stage.key === target) ?? { key: target, name: { en: target } };
  const name = defaultTransitionName({ source: sourceStage, target: targetStage });
  const transition: Transition = { key, name, from: [source], to: target };
  return { definition: { ...definition, transitions: [...definition.transitions, transition] }, key };
}

/** How far right of the stage it follows an appended stage is placed; a free place is looked for below it, a row at a time. */
const APPEND_GAP_X = 100;
const APPEND_STEP_Y = 140;
/** How many rows down an appended stage may go looking for room before it is put in the first one anyway. */
const APPEND_MAX_ROWS = 20;

/**
 * Adds a stage of a kind after stage `from` (Camunda's context pad): to its right, in the first row down where it
 * covers no other stage, with a transition from `from` to it; the new stage is in `from`'s phase when it is a plain
 * stage. Returns the new stage's and transition's keys.
 * @example appendStage({ definition, from: 'lead', kind: 'stage' }).transition // → 'lead_to_new_stage'
 */
export function appendStage({ definition, from, kind }: { definition: WorkflowDefinition; from: string; kind: StageKind }): {
  definition: WorkflowDefinition;
  stage: string;
  transition: string;
} {
  const source = definition.stages.find((stage) => stage.key === from);
  if (!source) throw new Error(`appendStage: no stage ${from}`);
  const origin = source.position ?? { x: 0, y: 0 };
  const x = origin.x + STAGE_NODE_WIDTH + APPEND_GAP_X;
  const size = stageNodeSize({});
  const free = (y: number) =>
    !definition.stages.some((stage) => {
      const at = stage.position ?? { x: 0, y: 0 };
      const box = stageNodeSize(stage);
      return x < at.x + box.width && at.x < x + size.width && y < at.y + box.height && at.y < y + size.height;
    });
  const row = Array.from({ length: APPEND_MAX_ROWS }, (_, index) => origin.y + index * APPEND_STEP_Y).find(free) ?? origin.y;
  const added = addStage({ definition, kind, position: { x, y: row } });
  const withPhase =
    kind === 'stage'
      ? { ...added.definition, stages: added.definition.stages.map((stage) => (stage.key === added.key ? { ...stage, phase: source.phase } : stage)) }
      : added.definition;
  const connected = connectStages({ definition: withPhase, source: from, target: added.key });
  return { definition: connected.definition, stage: added.key, transition: connected.key };
}

/** One drawn edge: the transition and the `from` stage it is drawn from. */
export interface EdgeRef {
  transition: string;
  from: string;
}

/**
 * Removes stages (and the transitions into them, and them from every `from`) and single edges
 * (a transition drawn from several stages loses only that source; with none left it goes).
 * @example removeElements({ definition, stages: ['lost'], edges: [] })
 */
export function removeElements({
  definition,
  stages,
  edges,
}: {
  definition: WorkflowDefinition;
  stages: readonly string[];
  edges: readonly EdgeRef[];
}): WorkflowDefinition {
  const removedStages = new Set(stages);
  const transitions = definition.transitions.flatMap((transition): Transition[] => {
    if (removedStages.has(transition.to)) return [];
    const from = transition.from.filter(
      (source) => !removedStages.has(source) && !edges.some((edge) => edge.transition === transition.key && edge.from === source),
    );
    return from.length === 0 ? [] : [{ ...transition, from }];
  });
  return { ...definition, stages: definition.stages.filter((stage) => !removedStages.has(stage.key)), transitions };
}

/** How far a pasted copy sits from its original, so both stay visible. */
const PASTE_OFFSET = 40;

/**
 * Pastes copies of stages under fresh keys, offset from the originals; returns the new keys.
 * @example pasteStages({ definition, stages: [lead] }).keys // → ['lead_2']
 */
export function pasteStages({ definition, stages }: { definition: WorkflowDefinition; stages: readonly Stage[] }): {
  definition: WorkflowDefinition;
  keys: string[];
} {
  const taken = new Set(definition.stages.map((stage) => stage.key));
  const copies = stages.map((stage) => {
    const key = uniqueKey(stage.key, taken);
    taken.add(key);
    const position = stage.position ?? { x: 0, y: 0 };
    // Timers name transitions of the original stage; a copy has none yet, so it starts without them.
    const { timers: _timers, ...rest } = stage;
    return { ...rest, key, position: { x: position.x + PASTE_OFFSET, y: position.y + PASTE_OFFSET } };
  });
  return { definition: { ...definition, stages: [...definition.stages, ...copies] }, keys: copies.map((copy) => copy.key) };
}

/**
 * Replaces one stage (by key) with an edited copy: renaming the key renames every reference to it
 * (`renameStageKey`), and renaming the stage renames the transitions still called by their default name.
 * @example updateStage({ definition, key: 'lead', stage: { ...lead, probability: 5 } })
 */
export function updateStage({ definition, key, stage }: { definition: WorkflowDefinition; key: string; stage: Stage }): WorkflowDefinition {
  const before = definition.stages.find((existing) => existing.key === key);
  if (!before) return definition;
  const renamed = renameStageKey({ definition, from: key, to: stage.key });
  if (renamed === definition && stage.key !== key) return definition;
  const replaced = { ...renamed, stages: renamed.stages.map((existing) => (existing.key === stage.key ? stage : existing)) };
  return before.name === stage.name ? replaced : { ...replaced, transitions: followStageName({ definition: replaced, before, after: stage }) };
}

/**
 * Replaces one transition (by key) with an edited copy.
 * @example updateTransition({ definition, key: 'qualify', transition: { ...qualify, roles: ['sales'] } })
 */
export function updateTransition({ definition, key, transition }: { definition: WorkflowDefinition; key: string; transition: Transition }): WorkflowDefinition {
  return { ...definition, transitions: definition.transitions.map((existing) => (existing.key === key ? transition : existing)) };
}
