import { type RefObject, useCallback, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import {
  Background,
  BackgroundVariant,
  Controls,
  MarkerType,
  MiniMap,
  Panel,
  ReactFlow,
  type AriaLabelConfig,
  type Connection,
  type EdgeTypes,
  type NodeMouseHandler,
  type NodeTypes,
  useStore,
} from '@xyflow/react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { StageFlowNode, TransitionFlowEdge } from '../model/definition-to-flow';
import { GRID_SIZE } from '../model/layout-stages';
import { stageKind } from '../model/stage-kinds';
import { localizedText } from '../model/localized-text';
import { useCanvasKeyboard } from '../store/useCanvasKeyboard';
import { usePaletteDrop } from '../store/usePaletteDrop';
import { useWorkflowStore } from '../store/useWorkflowStore';
import { StageContextPad } from './StageContextPad';
import { StageNode } from './StageNode';
import { StageSearch } from './StageSearch';
import { TransitionEdge } from './TransitionEdge';

export type Props = { onReady?: () => void };

// Defined once at module scope: React Flow re-mounts every node when these objects change.
const NODE_TYPES: NodeTypes = { stage: StageNode };
const EDGE_TYPES: EdgeTypes = { transition: TransitionEdge };
const DEFAULT_EDGE_OPTIONS = { markerEnd: { type: MarkerType.ArrowClosed } };
const SNAP_GRID: [number, number] = [GRID_SIZE, GRID_SIZE];
const MINIMAP_COLORS = { stage: '#dbeafe', won: '#bbf7d0', lost: '#fecaca', pool: '#fde68a' } as const;
// At module scope: a new function on each canvas render would re-render every minimap node.
const minimapColor = (node: StageFlowNode) => MINIMAP_COLORS[stageKind(node.data.stage)];
/** Below this zoom a stage name's 13 px would be drawn under 11.5 px: stages then show their name alone, grown to be drawn at 10.5 px. */
const FAR_ZOOM = 11.5 / 13;

/**
 * The canvas: stages and transitions, drag to move (snapped to the grid), drag handle to handle to connect; the
 * keyboard's own keys (Delete on the focused element, C to connect, A to append, F2 to rename) in useCanvasKeyboard.
 */
export function FlowCanvas({ onReady }: Props) {
  const { t, i18n } = useTranslation();
  const canvas = useRef<HTMLDivElement>(null);
  const nodes = useWorkflowStore((state) => state.nodes);
  const edges = useWorkflowStore((state) => state.edges);
  const onNodesChange = useWorkflowStore((state) => state.applyNodeChanges);
  const onEdgesChange = useWorkflowStore((state) => state.applyEdgeChanges);
  const connect = useWorkflowStore((state) => state.connect);
  const setLocale = useWorkflowStore((state) => state.setLocale);
  // Labels are measured in the user's language: switching it re-routes the edges whose label changed size.
  useEffect(() => setLocale(i18n.language), [setLocale, i18n.language]);

  const onConnect = useCallback((connection: Connection) => connect({ source: connection.source, target: connection.target }), [connect]);
  const onKeyDownCapture = useCanvasKeyboard(canvas);
  const dropFromPalette = usePaletteDrop();
  const ariaLabelConfig = useMemo(() => canvasAriaLabels(t), [t]);
  // A click on a stage while connecting ends the connection there, as Enter does.
  const onNodeClick: NodeMouseHandler<StageFlowNode> = useCallback(
    (_event, node) => {
      const mode = useWorkflowStore.getState().canvasMode;
      if (mode?.kind !== 'connect') return;
      useWorkflowStore.getState().setCanvasMode(null);
      if (node.id !== mode.from) connect({ source: mode.from, target: node.id });
    },
    [connect],
  );
  const onNodeDoubleClick: NodeMouseHandler<StageFlowNode> = useCallback(
    (_event, node) => useWorkflowStore.getState().setCanvasMode({ kind: 'rename', stage: node.id }),
    [],
  );

  return (
    <div
      className="flow-canvas"
      aria-label={t('canvas.label')}
      role="region"
      ref={canvas}
      tabIndex={-1}
      onKeyDownCapture={onKeyDownCapture}
      onDragOver={dropFromPalette.onDragOver}
      onDrop={dropFromPalette.onDrop}
    >
      <ReactFlow<StageFlowNode, TransitionFlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        edgeTypes={EDGE_TYPES}
        defaultEdgeOptions={DEFAULT_EDGE_OPTIONS}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onNodeClick={onNodeClick}
        onNodeDoubleClick={onNodeDoubleClick}
        onInit={onReady}
        deleteKeyCode={null}
        edgesFocusable={false}
        zoomOnDoubleClick={false}
        snapToGrid
        snapGrid={SNAP_GRID}
        fitView
        minZoom={0.1}
        proOptions={{ hideAttribution: true }}
        ariaLabelConfig={ariaLabelConfig}
      >
        <Background variant={BackgroundVariant.Dots} gap={GRID_SIZE} />
        <MiniMap<StageFlowNode> pannable zoomable ariaLabel={t('canvas.minimap')} nodeColor={minimapColor} />
        <Controls aria-label={t('canvas.controls')} />
        <StageSearch />
        <CanvasModeStatus />
        <StageContextPad />
        <ZoomAttributes canvas={canvas} />
      </ReactFlow>
    </div>
  );
}

/**
 * React Flow's own words (its controls, the minimap, handles, what a node and an edge say to a screen reader, and
 * the message when a stage moves by the arrow keys), in the user's language. Both node descriptions are set:
 * React Flow 12 shows the "keyboard disabled" one while the keyboard is enabled.
 */
function canvasAriaLabels(t: TFunction): Partial<AriaLabelConfig> {
  return {
    'node.a11yDescription.default': t('canvas.nodeHelp'),
    'node.a11yDescription.keyboardDisabled': t('canvas.nodeHelp'),
    'node.a11yDescription.ariaLiveMessage': ({ direction, x, y }) => t('canvas.moved', { direction: t(`canvas.direction.${direction}`), x, y }),
    'edge.a11yDescription.default': t('canvas.edgeHelp'),
    'controls.ariaLabel': t('canvas.controls'),
    'controls.zoomIn.ariaLabel': t('canvas.zoomIn'),
    'controls.zoomOut.ariaLabel': t('canvas.zoomOut'),
    'controls.fitView.ariaLabel': t('canvas.fitView'),
    'controls.interactive.ariaLabel': t('canvas.interactive'),
    'minimap.ariaLabel': t('canvas.minimap'),
    'handle.ariaLabel': t('canvas.handle'),
  };
}

/** Says what the keyboard is doing (connecting from a stage), where screen readers hear it. */
function CanvasModeStatus() {
  const { t, i18n } = useTranslation();
  const from = useWorkflowStore((state) => {
    const mode = state.canvasMode;
    return mode?.kind === 'connect' ? state.definition?.stages.find((stage) => stage.key === mode.from) : undefined;
  });
  return (
    <Panel position="top-center" className="canvas-mode" role="status" data-testid="canvas-mode">
      {from ? t('canvas.connecting', { name: localizedText(from.name, i18n.language) }) : null}
    </Panel>
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
