import type { DragEvent } from 'react';
import { useReactFlow } from '@xyflow/react';
import { PALETTE_DRAG_TYPE } from '../components/Palette';
import { GRID_SIZE } from '../model/layout-stages';
import { STAGE_KINDS, type StageKind } from '../model/stage-kinds';
import { STAGE_NODE_HEIGHT, STAGE_NODE_WIDTH } from '../model/stage-node-size';
import { useRevealStage } from './useRevealStage';
import { useWorkflowStore } from './useWorkflowStore';

/**
 * The canvas's handlers for a palette item dragged onto it: the drop adds that kind of stage there, centred on the
 * pointer and snapped to the grid, and the new stage takes the focus.
 * @example const drop = usePaletteDrop(); <div onDragOver={drop.onDragOver} onDrop={drop.onDrop} />
 */
export function usePaletteDrop(): { onDragOver: (event: DragEvent) => void; onDrop: (event: DragEvent) => void } {
  const flow = useReactFlow();
  const addStage = useWorkflowStore((state) => state.addStage);
  const reveal = useRevealStage();
  return {
    onDragOver: (event) => {
      if (!event.dataTransfer.types.includes(PALETTE_DRAG_TYPE)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    },
    onDrop: (event) => {
      const kind = event.dataTransfer.getData(PALETTE_DRAG_TYPE);
      if (!STAGE_KINDS.includes(kind as StageKind)) return;
      event.preventDefault();
      const at = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      const snap = (value: number) => Math.round(value / GRID_SIZE) * GRID_SIZE;
      const key = addStage({ kind: kind as StageKind, position: { x: snap(at.x - STAGE_NODE_WIDTH / 2), y: snap(at.y - STAGE_NODE_HEIGHT / 2) } });
      if (key) reveal(key);
    },
  };
}
