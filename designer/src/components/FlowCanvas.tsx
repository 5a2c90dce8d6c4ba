import { type RefObject, useCallback, useEffect, useLayoutEffect, useRef } from 'react';
import {
  Background,
  BackgroundVariant,
  Controls,
  MarkerType,
  MiniMap,
  ReactFlow,
  type Connection,
  type EdgeTypes,
  type NodeTypes,
  type OnDelete,
  useStore,
} from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import type { StageFlowNode, TransitionFlowEdge } from '../model/definition-to-flow';
import { GRID_SIZE } from '../model/layout-stages';
import { stageKind } from '../model/stage-kinds';
import { useWorkflowStore } from '../store/useWorkflowStore';
import { StageNode } from './StageNode';
import { StageSearch } from './StageSearch';
import { TransitionEdge } from './TransitionEdge';

export type Props = { onReady?: () => void };

// Defined once at module scope: React Flow re-mounts every node when these objects change.
const NODE_TYPES: NodeTypes = { stage: StageNode };
const EDGE_TYPES: EdgeTypes = { transition: TransitionEdge };
const DEFAULT_EDGE_OPTIONS = { markerEnd: { type: MarkerType.ArrowClosed } };
const SNAP_GRID: [number, number] = [GRID_SIZE, GRID_SIZE];
const DELETE_KEYS = ['Backspace', 'Delete'];
const MINIMAP_COLORS = { stage: '#dbeafe', won: '#bbf7d0', lost: '#fecaca', pool: '#fde68a' } as const;
// At module scope: a new function on each canvas render would re-render every minimap node.
const minimapColor = (node: StageFlowNode) => MINIMAP_COLORS[stageKind(node.data.stage)];
/** Below this zoom a stage name's 13 px would be drawn under 11.5 px: stages then show their name alone, grown to be drawn at 10.5 px. */
const FAR_ZOOM = 11.5 / 13;

/** The canvas: stages and transitions, drag to move (snapped to the grid), drag handle to handle to connect, Delete to remove. */
export function FlowCanvas({ onReady }: Props) {
  const { t, i18n } = useTranslation();
  const canvas = useRef<HTMLDivElement>(null);
  const nodes = useWorkflowStore((state) => state.nodes);
  const edges = useWorkflowStore((state) => state.edges);
  const onNodesChange = useWorkflowStore((state) => state.applyNodeChanges);
  const onEdgesChange = useWorkflowStore((state) => state.applyEdgeChanges);
  const connect = useWorkflowStore((state) => state.connect);
  const remove = useWorkflowStore((state) => state.remove);
  const setLocale = useWorkflowStore((state) => state.setLocale);
  // Labels are measured in the user's language: switching it re-routes the edges whose label changed size.
  useEffect(() => setLocale(i18n.language), [setLocale, i18n.language]);

  const onConnect = useCallback((connection: Connection) => connect({ source: connection.source, target: connection.target }), [connect]);
  const onDelete: OnDelete<StageFlowNode, TransitionFlowEdge> = useCallback(
    ({ nodes: removedNodes, edges: removedEdges }) =>
      remove({
        stages: removedNodes.map((node) => node.id),
        edges: removedEdges.flatMap((edge) => (edge.data ? [{ transition: edge.data.transition.key, from: edge.source }] : [])),
      }),
    [remove],
  );

  return (
    <div className="flow-canvas" aria-label={t('canvas.label')} role="region" ref={canvas}>
      <ReactFlow<StageFlowNode, TransitionFlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        edgeTypes={EDGE_TYPES}
        defaultEdgeOptions={DEFAULT_EDGE_OPTIONS}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onDelete={onDelete}
        onInit={onReady}
        deleteKeyCode={DELETE_KEYS}
        snapToGrid
        snapGrid={SNAP_GRID}
        fitView
        minZoom={0.1}
        proOptions={{ hideAttribution: true }}
        ariaLabelConfig={{ 'node.a11yDescription.default': t('canvas.nodeHelp') }}
      >
        <Background variant={BackgroundVariant.Dots} gap={GRID_SIZE} />
        <MiniMap<StageFlowNode> pannable zoomable ariaLabel={t('canvas.minimap')} nodeColor={minimapColor} />
        <Controls aria-label={t('canvas.controls')} />
        <StageSearch />
        <ZoomAttributes canvas={canvas} />
      </ReactFlow>
    </div>
  );
}

/** Tells the canvas's CSS the zoom, without re-rendering a node: far out, stages show their name alone at a readable size. */
function ZoomAttributes({ canvas }: { canvas: RefObject<HTMLDivElement | null> }) {
  const zoom = useStore((state) => state.transform[2]);
  useLayoutEffect(() => {
    const element = canvas.current;
    if (!element) return;
    element.style.setProperty('--canvas-zoom', String(zoom));
    element.dataset.far = String(zoom < FAR_ZOOM);
  }, [zoom, canvas]);
  return null;
}
