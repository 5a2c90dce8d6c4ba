import { beforeEach, describe, expect, it } from 'vitest';
import { getTemplate } from '@funnel/schemas';
import { useWorkflowStore } from '../src/store/useWorkflowStore';

const trunk = getTemplate('minimal_trunk').definition;
const store = useWorkflowStore;
const history = () => store.temporal.getState();
const stageKeys = () => store.getState().definition?.stages.map((stage) => stage.key);

describe('the workflow store', () => {
  beforeEach(() => store.getState().load({ definition: trunk, source: { workflowKey: 'minimal_trunk', version: null } }));

  it('draws nodes and edges from the loaded definition, with no history and nothing to save', () => {
    expect(store.getState().nodes.map((node) => node.id)).toEqual(trunk.stages.map((stage) => stage.key));
    expect(store.getState().edges).toHaveLength(trunk.transitions.reduce((n, t) => n + t.from.length, 0));
    expect(history().pastStates).toHaveLength(0);
    expect(store.getState().dirty).toBe(false);
  });

  it('undoes and redoes an added stage, redrawing the nodes each time', () => {
    store.getState().addStage({ kind: 'won', position: { x: 0, y: 0 } });
    expect(stageKeys()).toContain('won');
    expect(store.getState().dirty).toBe(true);
    history().undo();
    expect(stageKeys()).not.toContain('won');
    expect(store.getState().nodes.map((node) => node.id)).not.toContain('won');
    history().redo();
    expect(store.getState().nodes.map((node) => node.id)).toContain('won');
  });

  it('records a drag as one step, on drop, and selection not at all', () => {
    const before = trunk.stages[0]!.position;
    store.getState().applyNodeChanges([{ type: 'select', id: 'lead', selected: true }]);
    expect(store.getState().selection).toEqual({ kind: 'stage', key: 'lead' });
    for (const x of [10, 20, 30]) store.getState().applyNodeChanges([{ type: 'position', id: 'lead', position: { x, y: 0 }, dragging: true }]);
    expect(history().pastStates).toHaveLength(0);
    store.getState().applyNodeChanges([{ type: 'position', id: 'lead', position: { x: 40, y: 0 }, dragging: false }]);
    expect(history().pastStates).toHaveLength(1);
    expect(store.getState().definition?.stages[0]?.position).toEqual({ x: 40, y: 0 });
    history().undo();
    expect(store.getState().definition?.stages[0]?.position).toEqual(before);
    expect(store.getState().nodes[0]?.position).toEqual(before);
  });

  it('routes the edges of a dragged stage at each step, and leaves those it only passed over as they were', () => {
    const before = store.getState().routes;
    expect([...before.keys()].sort()).toEqual(
      store
        .getState()
        .edges.map((edge) => edge.id)
        .sort(),
    );
    // Lead passes over the opportunity stage and the edge from it to the order, then is dropped below everything.
    store.getState().applyNodeChanges([{ type: 'position', id: 'lead', position: { x: 300, y: 0 }, dragging: true }]);
    expect(store.getState().routes.get('qualify:lead')).not.toBe(before.get('qualify:lead'));
    expect(store.getState().routes.get('win:opportunity')).not.toBe(before.get('win:opportunity'));
    store.getState().applyNodeChanges([{ type: 'position', id: 'lead', position: { x: 0, y: 400 }, dragging: true }]);
    store.getState().applyNodeChanges([{ type: 'position', id: 'lead', position: { x: 0, y: 400 }, dragging: false }]);
    expect(store.getState().routes.get('win:opportunity')).toBe(before.get('win:opportunity'));
    // The route now leaves the stage where it was dropped.
    const start = store.getState().routes.get('qualify:lead')?.points[0];
    expect(start?.x).toBe(220);
    expect(start?.y).toBeGreaterThan(400);
    expect(start?.y).toBeLessThan(500);
  });

  it('connects two stages, selects the new transition, and removes it as one edge', () => {
    const key = store.getState().connect({ source: 'lead', target: 'lost' });
    expect(store.getState().selection).toEqual({ kind: 'transition', key });
    expect(store.getState().edges.find((edge) => edge.id === `${key}:lead`)?.selected).toBe(true);
    store.getState().remove({ stages: [], edges: [{ transition: key as string, from: 'lead' }] });
    expect(store.getState().definition?.transitions.some((t) => t.key === key)).toBe(false);
  });

  it('copies the selected stage and pastes it under a new key', () => {
    store.getState().select({ kind: 'stage', key: 'opportunity' });
    store.getState().copySelection();
    store.getState().paste();
    expect(stageKeys()).toContain('opportunity_2');
    expect(store.getState().selection).toEqual({ kind: 'stage', key: 'opportunity_2' });
  });

  it('keeps diagnostics only for the definition they were computed for, by element', () => {
    const old = store.getState().definition!;
    store.getState().addStage({ kind: 'stage', position: { x: 0, y: 0 } });
    store.getState().setDiagnostics({ definition: old, diagnostics: [{ severity: 'error', code: 'x', pointer: '/stages/0', message: 'stale' }] });
    expect(store.getState().diagnostics).toEqual([]);
    const current = store.getState().definition!;
    store.getState().setDiagnostics({
      definition: current,
      diagnostics: [{ severity: 'error', code: 'compile.unreachable_stage', pointer: '/stages/5', message: 'unreachable' }],
    });
    expect(store.getState().diagnosticsByElement.get('stage:new_stage')).toHaveLength(1);
  });
});
