import { useReactFlow } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { STAGE_KINDS } from '../model/stage-kinds';
import { GRID_SIZE } from '../model/layout-stages';
import { STAGE_NODE_HEIGHT, STAGE_NODE_WIDTH } from '../model/stage-node-size';
import { useWorkflowStore } from '../store/useWorkflowStore';

export type Props = Record<string, never>;

/** The drag data a palette item carries: the kind of stage to add where it is dropped (FlowCanvas). */
export const PALETTE_DRAG_TYPE = 'application/x-funnel-stage-kind';

/** Adds a stage, won, lost or pool at the middle of the visible canvas (by click or keyboard), or where it is dragged to. */
export function Palette(_props: Props) {
  const { t } = useTranslation();
  const addStage = useWorkflowStore((state) => state.addStage);
  const flow = useReactFlow();
  const add = (kind: (typeof STAGE_KINDS)[number]) => {
    const pane = document.querySelector('.flow-canvas')?.getBoundingClientRect();
    const center = pane ? flow.screenToFlowPosition({ x: pane.x + pane.width / 2, y: pane.y + pane.height / 2 }) : { x: 0, y: 0 };
    const snap = (value: number) => Math.round(value / GRID_SIZE) * GRID_SIZE;
    addStage({ kind, position: { x: snap(center.x - STAGE_NODE_WIDTH / 2), y: snap(center.y - STAGE_NODE_HEIGHT / 2) } });
  };
  return (
    <div className="palette" role="toolbar" aria-label={t('palette.label')}>
      {STAGE_KINDS.map((kind) => (
        <button
          key={kind}
          type="button"
          className={`palette-item kind-${kind}`}
          onClick={() => add(kind)}
          draggable
          onDragStart={(event) => {
            event.dataTransfer.setData(PALETTE_DRAG_TYPE, kind);
            event.dataTransfer.effectAllowed = 'copy';
          }}
          data-testid={`palette-${kind}`}
        >
          + {t(`palette.${kind}`)}
        </button>
      ))}
    </div>
  );
}
