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
  nodes: number;
  edges: number;
  diagnostics: number;
}

declare global {
  interface Window {
    __renderBench?: RenderBenchResult | { error: string };
  }
}

/**
 * `?bench=render`: loads a generated definition, lays it out with ELK, renders it on the real canvas and
 * times it; then edits one stage at a time and times re-validation and re-render until the DOM shows it.
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

  const editMs: number[] = [];
  for (let n = 0; n < edits; n += 1) {
    const stage = store.getState().definition?.stages[n % (stages - 2)];
    if (!stage) throw new Error('no stage to edit');
    const probability = (stage.probability + 1) % 100;
    const editStart = performance.now();
    store.getState().updateStage(stage.key, { ...stage, probability });
    const edited = store.getState().definition;
    if (!edited) throw new Error('the edit lost the definition');
    store.getState().setDiagnostics({ definition: edited, diagnostics: validateLocally(edited) });
    const node = document.querySelector(`[data-testid="stage-${stage.key}"] .probability`);
    await until(() => node?.isConnected === true && node.textContent?.startsWith(String(probability)) === true);
    editMs.push(performance.now() - editStart);
  }
  return {
    generateMs: generatedAt - start,
    layoutMs: laidOutAt - generatedAt,
    validateMs: validatedAt - renderedAt,
    renderMs: renderedAt - laidOutAt,
    firstRenderMs: renderedAt - start,
    editMs,
    nodes: measuredNodes(),
    edges: document.querySelectorAll('.react-flow__edge').length,
    diagnostics: diagnostics.length,
  };
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
