import { create } from 'zustand';
import { temporal } from 'zundo';
import { applyEdgeChanges, applyNodeChanges, type EdgeChange, type NodeChange } from '@xyflow/react';
import type { Diagnostic, FieldsSchema, Stage, Transition, WorkflowDefinition } from '@funnel/schemas';
import { definitionToFlow, flowToDefinition, type StageFlowNode, type TransitionFlowEdge } from '../model/definition-to-flow';
import { addStage, appendStage, connectStages, pasteStages, removeElements, updateStage, updateTransition, type EdgeRef } from '../model/edit-definition';
import type { StageKind } from '../model/stage-kinds';
import { diagnosticTarget } from '../model/diagnostic-target';
import { rerouteEdges, type EdgeRoutes, type RoutingInput } from '../model/edge-routes';
import { routingInput } from '../model/routing-input';

/** What the side panel edits: one stage, one transition, or the workflow itself (fields, name). */
type Selection = { kind: 'stage'; key: string } | { kind: 'transition'; key: string } | null;

/**
 * What the keyboard is doing on the canvas besides moving focus: connecting from a stage (the next stage Enter is
 * pressed on gets a transition from it), or renaming a stage in place.
 */
type CanvasMode = { kind: 'connect'; from: string } | { kind: 'rename'; stage: string } | null;

/** Which saved workflow the canvas came from; `version: null` is the draft. */
interface Source {
  workflowKey: string;
  version: number | null;
}

export interface State {
  definition: WorkflowDefinition | null;
  source: Source | null;
  nodes: StageFlowNode[];
  edges: TransitionFlowEdge[];
  selection: Selection;
  diagnostics: Diagnostic[];
  /** Diagnostics by the element they concern: `stage:<key>`, `transition:<key>` or `workflow`. */
  diagnosticsByElement: Map<string, Diagnostic[]>;
  clipboard: Stage[];
  /** True when the definition changed since it was last saved. */
  dirty: boolean;
  /** The definition `nodes` and `edges` were drawn from (undo and redo change `definition` alone). */
  nodesOf: WorkflowDefinition | null;
  /** How each edge is drawn (its route and its label's box), by edge id; see docs/designer.md "Drawing". */
  routes: EdgeRoutes;
  /** The stage boxes and labels `routes` were made for, to tell which routes a change disturbs. */
  routedFor: RoutingInput | null;
  /** The language labels are measured in (their size is part of the routing). */
  locale: string;
  /**
   * While a stage is dragged, the routes from before the drag: each step routes again from them what the stage
   * now touches or covers, so an edge the stage only passed over is left as it was.
   */
  dragBase: Pick<State, 'routes' | 'routedFor'> | null;
  canvasMode: CanvasMode;
}

export interface Actions {
  /** Opens a definition; `routes` are ELK's when it was just laid out (otherwise the local router draws every edge). */
  load: (input: { definition: WorkflowDefinition; source: Source | null; routes?: EdgeRoutes }) => void;
  replaceDefinition: (definition: WorkflowDefinition, routes?: EdgeRoutes) => void;
  /** Measures labels in this language from now on, routing again the edges whose label changed size. */
  setLocale: (locale: string) => void;
  markSaved: (source: Source) => void;
  applyNodeChanges: (changes: NodeChange<StageFlowNode>[]) => void;
  applyEdgeChanges: (changes: EdgeChange<TransitionFlowEdge>[]) => void;
  addStage: (input: { kind: StageKind; position: { x: number; y: number } }) => string | null;
  connect: (input: { source: string; target: string }) => string | null;
  /** Adds a stage of a kind after stage `from`, connected from it, and selects it; returns its key. */
  appendStage: (input: { from: string; kind: StageKind }) => string | null;
  setCanvasMode: (mode: CanvasMode) => void;
  remove: (input: { stages: string[]; edges: EdgeRef[] }) => void;
  updateStage: (key: string, stage: Stage) => void;
  updateTransition: (key: string, transition: Transition) => void;
  updateFields: (fields: FieldsSchema) => void;
  select: (selection: Selection) => void;
  copySelection: () => void;
  paste: () => void;
  /** Shows diagnostics computed for `definition`; ignored when the definition has changed since. */
  setDiagnostics: (input: { definition: WorkflowDefinition; diagnostics: Diagnostic[] }) => void;
}

const HISTORY_LIMIT = 100;

type Store = State & Actions;
type SetStore = (update: Partial<State> | ((state: Store) => Partial<State>)) => void;
type GetStore = () => Store;
/** Sets a new definition (with whatever else the edit chose, such as the selection) and redraws nodes and edges from it. */
type Commit = (definition: WorkflowDefinition, extra?: Partial<State>) => void;
/** What each group of actions is built from. */
type Slice = { set: SetStore; get: GetStore; commit: Commit };

/**
 * The designer's one store: the definition being edited (undo/redo via zundo
 * tracks it alone), the React Flow nodes and edges drawn from it, the
 * selection, diagnostics and clipboard.
 * @example useWorkflowStore.getState().addStage({ kind: 'won', position: { x: 0, y: 0 } })
 */
export const useWorkflowStore = create<State & Actions>()(
  temporal(
    (set, get) => {
      const slice: Slice = { set, get, commit: committer(set) };
      return { ...initialState(), ...documentActions(slice), ...canvasActions(slice), ...editActions(slice), ...clipboardActions(slice) };
    },
    {
      partialize: (state) => ({ definition: state.definition }),
      equality: (past, current) => past.definition === current.definition,
      limit: HISTORY_LIMIT,
    },
  ),
);

function initialState(): State {
  return {
    definition: null,
    source: null,
    nodes: [],
    edges: [],
    selection: null,
    diagnostics: [],
    diagnosticsByElement: new Map(),
    clipboard: [],
    dirty: false,
    nodesOf: null,
    routes: new Map(),
    routedFor: null,
    locale: 'en',
    dragBase: null,
    canvasMode: null,
  };
}

/** Every definition change goes through the commit, so nodes, edges and their routes follow it. */
function committer(set: SetStore): Commit {
  return (definition, extra = {}) =>
    set((state) => {
      const flow = syncFlow(definition, state);
      // A selection chosen by the edit (the new stage, the new transition) is the canvas's selection too.
      const selected = 'selection' in extra ? withSelection(flow, extra.selection ?? null) : flow;
      return { definition, dirty: true, ...flow, ...selected, ...extra, ...withRoutes({ flow, state }) };
    });
}

/**
 * Routes for the nodes and edges as they now are: `given` routes (ELK's, for a layout just made) where they
 * still fit, the routes drawn before where the change did not disturb them, the local router for the rest.
 */
function withRoutes({
  flow,
  state,
  given,
}: {
  flow: Pick<State, 'nodes' | 'edges'>;
  state: Pick<State, 'routes' | 'routedFor' | 'locale'>;
  given?: EdgeRoutes;
}): Pick<State, 'routes' | 'routedFor'> {
  const input = routingInput({ ...flow, locale: state.locale });
  const previous = given ? { input, routes: given } : state.routedFor ? { input: state.routedFor, routes: state.routes } : undefined;
  return { routes: rerouteEdges({ input, previous }), routedFor: input };
}

/** Loading, replacing and saving the whole definition, and the diagnostics computed for it. */
function documentActions({ set, get }: Slice): Pick<Actions, 'load' | 'replaceDefinition' | 'setLocale' | 'markSaved' | 'setDiagnostics'> {
  return {
    load: ({ definition, source, routes }) => {
      const flow = syncFlow(definition, { nodes: [], edges: [] });
      set({
        definition,
        source,
        dirty: false,
        selection: null,
        canvasMode: null,
        diagnostics: [],
        diagnosticsByElement: new Map(),
        ...flow,
        ...withRoutes({ flow, state: { ...get(), routedFor: null }, given: routes }),
      });
      useWorkflowStore.temporal.getState().clear();
    },
    replaceDefinition: (definition, routes) =>
      set((state) => {
        const flow = withSelection(syncFlow(definition, state), null);
        return { definition, dirty: true, selection: null, ...flow, ...withRoutes({ flow, state, given: routes }) };
      }),
    setLocale: (locale) => set((state) => (state.locale === locale ? {} : { locale, ...withRoutes({ flow: state, state: { ...state, locale } }) })),
    markSaved: (source) => set({ source, dirty: false }),
    setDiagnostics: ({ definition, diagnostics }) => {
      if (definition !== get().definition) return;
      set({ diagnostics, diagnosticsByElement: diagnosticsByElement({ definition, diagnostics }) });
    },
  };
}

/** React Flow's changes to nodes and edges (drags, selection), and selecting from the side panel. */
function canvasActions({ set, get, commit }: Slice): Pick<Actions, 'applyNodeChanges' | 'applyEdgeChanges' | 'select' | 'setCanvasMode'> {
  return {
    setCanvasMode: (canvasMode) => set({ canvasMode }),
    applyNodeChanges: (changes) => {
      // Removal goes through `remove` (React Flow's onDelete), so one keypress is one undo step.
      const kept = changes.filter((change) => change.type !== 'remove');
      const nodes = applyNodeChanges(kept, get().nodes);
      const dropped = kept.some((change) => change.type === 'position' && change.dragging === false);
      const selected = kept.some((change) => change.type === 'select');
      // A stage being dragged takes its edges along: they are routed again at each step, from the routes before the drag.
      const moved = kept.some((change) => change.type === 'position' && change.position);
      const dragging = kept.some((change) => change.type === 'position' && change.dragging === true);
      set((state) => {
        const base = state.dragBase ?? state;
        // The drop lands where the last step was: its routes are already made.
        const rerouted =
          moved && !(state.dragBase && !dragging && samePlaces(nodes, state.routedFor))
            ? withRoutes({ flow: { nodes, edges: state.edges }, state: { ...base, locale: state.locale } })
            : {};
        return {
          nodes,
          ...(selected ? { selection: selectionFrom(nodes, state.edges) } : {}),
          ...rerouted,
          dragBase: !moved ? state.dragBase : dragging ? { routes: base.routes, routedFor: base.routedFor } : null,
        };
      });
      const definition = get().definition;
      if (dropped && definition) commit(flowToDefinition({ base: definition, nodes, edges: get().edges }));
    },
    applyEdgeChanges: (changes) => {
      const kept = changes.filter((change) => change.type !== 'remove');
      const edges = applyEdgeChanges(kept, get().edges);
      const selected = kept.some((change) => change.type === 'select');
      set({ edges, ...(selected ? { selection: selectionFrom(get().nodes, edges) } : {}) });
    },
    select: (selection) => set((state) => ({ selection, ...withSelection(state, selection) })),
  };
}

/** Edits of the definition's stages, transitions and fields; each selects what it made or changed. */
function editActions({
  get,
  commit,
}: Slice): Pick<Actions, 'addStage' | 'appendStage' | 'connect' | 'remove' | 'updateStage' | 'updateTransition' | 'updateFields'> {
  return {
    appendStage: ({ from, kind }) => {
      const definition = get().definition;
      if (!definition?.stages.some((stage) => stage.key === from)) return null;
      const appended = appendStage({ definition, from, kind });
      commit(appended.definition, { selection: { kind: 'stage', key: appended.stage } });
      return appended.stage;
    },
    addStage: ({ kind, position }) => {
      const definition = get().definition;
      if (!definition) return null;
      const added = addStage({ definition, kind, position });
      commit(added.definition, { selection: { kind: 'stage', key: added.key } });
      return added.key;
    },
    connect: ({ source, target }) => {
      const definition = get().definition;
      if (!definition) return null;
      const connected = connectStages({ definition, source, target });
      commit(connected.definition, { selection: { kind: 'transition', key: connected.key } });
      return connected.key;
    },
    remove: ({ stages, edges }) => {
      const definition = get().definition;
      if (!definition || (stages.length === 0 && edges.length === 0)) return;
      commit(removeElements({ definition, stages, edges }), { selection: null });
    },
    updateStage: (key, stage) => {
      const definition = get().definition;
      if (!definition) return;
      commit(updateStage({ definition, key, stage }), { selection: { kind: 'stage', key: stage.key } });
    },
    updateTransition: (key, transition) => {
      const definition = get().definition;
      if (!definition) return;
      commit(updateTransition({ definition, key, transition }), { selection: { kind: 'transition', key: transition.key } });
    },
    updateFields: (fields) => {
      const definition = get().definition;
      if (definition) commit({ ...definition, fields });
    },
  };
}

/** Copying the selected stages and pasting them under new keys. */
function clipboardActions({ set, get, commit }: Slice): Pick<Actions, 'copySelection' | 'paste'> {
  return {
    copySelection: () => {
      const selected = new Set(
        get()
          .nodes.filter((node) => node.selected)
          .map((node) => node.id),
      );
      const stages = get().definition?.stages.filter((stage) => selected.has(stage.key)) ?? [];
      if (stages.length > 0) set({ clipboard: structuredClone(stages) });
    },
    paste: () => {
      const { definition, clipboard } = get();
      if (!definition || clipboard.length === 0) return;
      const pasted = pasteStages({ definition, stages: clipboard });
      const key = pasted.keys[0];
      commit(pasted.definition, { selection: key ? { kind: 'stage', key } : null });
    },
  };
}

/** Diagnostics by the element they concern, keyed as `State.diagnosticsByElement` is. */
function diagnosticsByElement({ definition, diagnostics }: { definition: WorkflowDefinition; diagnostics: Diagnostic[] }): Map<string, Diagnostic[]> {
  const byElement = new Map<string, Diagnostic[]>();
  for (const diagnostic of diagnostics) {
    const target = diagnosticTarget({ definition, diagnostic });
    const id = target.kind === 'workflow' ? 'workflow' : `${target.kind}:${target.key}`;
    byElement.set(id, [...(byElement.get(id) ?? []), diagnostic]);
  }
  return byElement;
}

// Undo and redo restore the definition only; redraw nodes and edges from it.
useWorkflowStore.subscribe((state, previous) => {
  if (state.definition && state.definition !== previous.definition && state.nodesOf !== state.definition) {
    useWorkflowStore.setState((current) => {
      const flow = syncFlow(state.definition as WorkflowDefinition, current);
      return { dirty: true, ...flow, ...withRoutes({ flow, state: current }) };
    });
  }
});

/**
 * Nodes and edges for a definition, reusing the previous node objects (and what React Flow measured
 * and selected on them) where the stage is unchanged, so React Flow does not re-measure.
 */
function syncFlow(
  definition: WorkflowDefinition,
  previous: Pick<State, 'nodes' | 'edges'> & { selection?: Selection },
): Pick<State, 'nodes' | 'edges'> & { nodesOf: WorkflowDefinition } {
  const flow = definitionToFlow(definition);
  const oldNodes = new Map(previous.nodes.map((node) => [node.id, node]));
  const oldEdges = new Map(previous.edges.map((edge) => [edge.id, edge]));
  const nodes = flow.nodes.map((node) => {
    const old = oldNodes.get(node.id);
    if (!old) return node;
    if (old.data.stage === node.data.stage && old.position.x === node.position.x && old.position.y === node.position.y) return old;
    return { ...node, measured: old.measured, selected: old.selected };
  });
  const edges = flow.edges.map((edge) => {
    const old = oldEdges.get(edge.id);
    if (!old) return edge;
    if (old.data?.transition === edge.data?.transition && old.source === edge.source && old.target === edge.target) return old;
    return { ...edge, selected: old.selected };
  });
  return { nodes, edges, nodesOf: definition };
}

/** Whether every node stands where the routes were made for. */
function samePlaces(nodes: readonly StageFlowNode[], routedFor: RoutingInput | null): boolean {
  return nodes.every((node) => {
    const box = routedFor?.boxes.get(node.id);
    return box !== undefined && box.x === node.position.x && box.y === node.position.y;
  });
}

function selectionFrom(nodes: readonly StageFlowNode[], edges: readonly TransitionFlowEdge[]): Selection {
  const node = nodes.find((candidate) => candidate.selected);
  if (node) return { kind: 'stage', key: node.id };
  const edge = edges.find((candidate) => candidate.selected);
  if (edge?.data) return { kind: 'transition', key: edge.data.transition.key };
  return null;
}

/** Marks exactly the selected stage's node (or the selected transition's edges) as selected. */
function withSelection(flow: Pick<State, 'nodes' | 'edges'>, selection: Selection): Pick<State, 'nodes' | 'edges'> {
  return {
    nodes: flow.nodes.map((node) => withSelected(node, selection?.kind === 'stage' && selection.key === node.id)),
    edges: flow.edges.map((edge) => withSelected(edge, selection?.kind === 'transition' && selection.key === edge.data?.transition.key)),
  };
}

function withSelected<T extends { selected?: boolean }>(element: T, selected: boolean): T {
  return Boolean(element.selected) === selected ? element : { ...element, selected };
}
