import type { Stage, Transition, WorkflowDefinition } from '@funnel/schemas';
import { newStage, type StageKind } from './stage-kinds';
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
  const sourceName = definition.stages.find((stage) => stage.key === source)?.name;
  const targetName = definition.stages.find((stage) => stage.key === target)?.name;
  const name = {
    en: `${sourceName?.en ?? source} → ${targetName?.en ?? target}`,
    'zh-Hans': `${sourceName?.['zh-Hans'] ?? sourceName?.en ?? source} → ${targetName?.['zh-Hans'] ?? targetName?.en ?? target}`,
    'zh-Hant': `${sourceName?.['zh-Hant'] ?? sourceName?.en ?? source} → ${targetName?.['zh-Hant'] ?? targetName?.en ?? target}`,
  };
  const transition: Transition = { key, name, from: [source], to: target };
  return { definition: { ...definition, transitions: [...definition.transitions, transition] }, key };
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
 * Replaces one stage (by key) with an edited copy; renaming the key renames every reference.
 * @example updateStage({ definition, key: 'lead', stage: { ...lead, probability: 5 } })
 */
export function updateStage({ definition, key, stage }: { definition: WorkflowDefinition; key: string; stage: Stage }): WorkflowDefinition {
  const rename = (ref: string) => (ref === key ? stage.key : ref);
  return {
    ...definition,
    initialStage: rename(definition.initialStage),
    stages: definition.stages.map((existing) => (existing.key === key ? stage : existing)),
    transitions:
      stage.key === key
        ? definition.transitions
        : definition.transitions.map((transition) => ({ ...transition, from: transition.from.map(rename), to: rename(transition.to) })),
  };
}

/**
 * Replaces one transition (by key) with an edited copy.
 * @example updateTransition({ definition, key: 'qualify', transition: { ...qualify, roles: ['sales'] } })
 */
export function updateTransition({ definition, key, transition }: { definition: WorkflowDefinition; key: string; transition: Transition }): WorkflowDefinition {
  return { ...definition, transitions: definition.transitions.map((existing) => (existing.key === key ? transition : existing)) };
}
