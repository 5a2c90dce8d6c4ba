import { useEffect } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { generateDefinition } from '../model/generate-definition';
import { layoutStages, warmUpLayout } from '../model/layout-stages';
import { validateLocally } from '../model/validate-locally';
import { useWorkflowStore } from '../store/useWorkflowStore';
import { FlowCanvas } from './FlowCanvas';

export type Props = { stages: number; transitions: number; edits: number };

/** What the render benchmark reads from the page (designer/bench/render.ts). */
export interface RenderBenchResult {
  generateMs: number;
  layoutMs: number;
  validateMs: number;
  renderMs: number;
  firstRenderMs: number;
  editMs: number[];
  /** One step of a drag: the dragged stage's edges, and those it lies across, routed again and drawn. */
  dragStepMs: number[];
  /** A drag's drop: committed (one undo step), re-validated, routed again and drawn. */
  dropMs: number[];
  nodes: number;
  edges: number;
  diagnostics: number;
}

declare global {
  interface Window {
    __renderBench?: RenderBenchResult | { error: string };
  }
}

/** The stages the benchmark drags, each across DRAG_ROWS rows and DRAG_COLUMNS stages of the wrapped funnel, in DRAG_STEPS steps. */
const DRAGGED = ['s3', 's24', 's40'] as const;
const DRAG_STEPS = 12;
const DRAG_ROWS = 3;
const DRAG_COLUMNS = 2;
/** A row and a column of the wrapped funnel, about. */
const ROW_PITCH = 240;
const COLUMN_PITCH = 330;

/**
 * `?bench=render`: loads a generated definition, lays it out with ELK, renders it on the real canvas and
 * times it; then edits one stage at a time and times re-validation and re-render until the DOM shows it;
 * then drags stages across others, step by step, and times each step's re-routing and the drop.
 */
export function RenderBenchPage({ stages, transitions, edits }: Props) {
  useEffect(() => {
    run({ stages, transitions, edits }).then(
      (result) => (window.__renderBench = result),
      (error: unknown) => (window.__renderBench = { error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
    );
  }, [stages, transitions, edits]);
  return (
    <div style={{ width: '100vw', height: '100vh', display: 'flex' }}>
      <ReactFlowProvider>
        <FlowCanvas />
      </ReactFlowProvider>
    </div>
  );
}

async function run({ stages, transitions, edits }: Props): Promise<RenderBenchResult> {
  const store = useWorkflowStore;
  // As in the app, where ELK warms up at start-up while the user signs in and picks a workflow.
  await warmUpLayout();
  const start = performance.now();
  const generated = generateDefinition({ stages, transitions });
  const generatedAt = performance.now();
  const { definition, routes } = await layoutStages({ definition: generated, locale: 'en' });
  const laidOutAt = performance.now();
  store.getState().load({ definition, source: null, routes });
  await until(() => measuredNodes() === stages && document.querySelectorAll('.react-flow__edge').length === transitions);
  const renderedAt = performance.now();
  // As in the editor, the first check runs once the canvas is up (useLiveDiagnostics is an effect).
  const diagnostics = validateLocally(definition);
  store.getState().setDiagnostics({ definition, diagnostics });
  const validatedAt = performance.now();

  const editMs = await timeEdits({ stages, edits });
  const { dragStepMs, dropMs } = await timeDrags();
  return {
    generateMs: generatedAt - start,
    layoutMs: laidOutAt - generatedAt,
    validateMs: validatedAt - renderedAt,
    renderMs: renderedAt - laidOutAt,
    firstRenderMs: renderedAt - start,
    editMs,
    dragStepMs,
    dropMs,
    nodes: measuredNodes(),
    edges: document.querySelectorAll('.react-flow__edge').length,
    diagnostics: diagnostics.length,
  };
}

/** Edits one stage at a time (its probability) and times re-validation and re-render until the DOM shows it. */
async function timeEdits({ stages, edits }: Pick<Props, 'stages' | 'edits'>): Promise<number[]> {
  const store = useWorkflowStore;
  const editMs: number[] = [];
  for (let n = 0; n < edits; n += 1) {
    const stage = store.getState().definition?.stages[n % (stages - 2)];
    if (!stage) throw new Error('no stage to edit');
    const probability = (stage.probability + 1) % 100;
    const editStart = performance.now();
    store.getState().updateStage(stage.key, { ...stage, probability });
    revalidate();
    const node = document.querySelector(`[data-testid="stage-${stage.key}"] .probability`);
    await until(() => node?.isConnected === true && node.textContent?.startsWith(String(probability)) === true);
    editMs.push(performance.now() - editStart);
  }
  return editMs;
}

/**
 * Drags each of DRAGGED down and to the right across the stages and edges of the wrapped funnel, as React Flow
 * reports a drag (position changes while dragging, then one with dragging false where the last step was), and
 * times each step until the DOM shows the stage's first edge redrawn, and the drop (committed and re-validated,
 * as the editor does on every edit) until the next frame is drawn.
 */
async function timeDrags(): Promise<{ dragStepMs: number[]; dropMs: number[] }> {
  const store = useWorkflowStore;
  const dragStepMs: number[] = [];
  const dropMs: number[] = [];
  for (const key of DRAGGED) {
    const node = store.getState().nodes.find((candidate) => candidate.id === key);
    const edge = store.getState().edges.find((candidate) => candidate.source === key);
    if (!node || !edge) throw new Error(`no stage ${key} with an edge to drag`);
    const path = () => document.querySelector(`[data-id="${edge.id}"] path.react-flow__edge-path`)?.getAttribute('d');
    for (let step = 1; step <= DRAG_STEPS + 1; step += 1) {
      // The drop comes where the last step was, as React Flow reports it: it commits (one undo step) and re-validates.
      const dropping = step > DRAG_STEPS;
      const along = Math.min(step, DRAG_STEPS) / DRAG_STEPS;
      const position = { x: Math.round(node.position.x + along * DRAG_COLUMNS * COLUMN_PITCH), y: Math.round(node.position.y + along * DRAG_ROWS * ROW_PITCH) };
      const before = path();
      const stepStart = performance.now();
      store.getState().applyNodeChanges([{ type: 'position', id: key, position, dragging: !dropping }]);
      if (dropping) revalidate();
      await until(() => dropping || path() !== before);
      (dropping ? dropMs : dragStepMs).push(performance.now() - stepStart);
    }
  }
  return { dragStepMs, dropMs };
}

/** Re-validates the definition as it now is, as useLiveDiagnostics does after every edit. */
function revalidate(): void {
  const definition = useWorkflowStore.getState().definition;
  if (!definition) throw new Error('the edit lost the definition');
  useWorkflowStore.getState().setDiagnostics({ definition, diagnostics: validateLocally(definition) });
}

/**
 * Nodes React Flow has shown (it hides a node until it knows a size) and measured in the DOM (their
 * measured size is in the store, so edges end at the measured handles, not at estimated ones).
 */
function measuredNodes(): number {
  const measured = new Set(
    useWorkflowStore
      .getState()
      .nodes.filter((node) => node.measured?.width && node.measured.height)
      .map((node) => node.id),
  );
  return [...document.querySelectorAll<HTMLElement>('.react-flow__node')].filter(
    (node) => node.offsetWidth > 0 && node.style.visibility !== 'hidden' && measured.has(node.dataset.id ?? ''),
  ).length;
}

/** Resolves on the first animation frame at which `ready()` holds (so the browser has painted the DOM we check). */
function until(ready: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const check = () => (ready() ? resolve() : requestAnimationFrame(check));
    requestAnimationFrame(check);
  });
}
