import { NodeToolbar, Position } from '@xyflow/react';
import type { Stage } from '@funnel/schemas';
import { useTranslation } from 'react-i18next';
import type { StageKind } from '../model/stage-kinds';
import { useRevealStage } from '../store/useRevealStage';
import { useWorkflowStore } from '../store/useWorkflowStore';

export type Props = { stage: Stage };

/** What the pad appends after the selected stage, in this order. */
const APPENDED_KINDS: readonly StageKind[] = ['stage', 'won', 'lost'];

/**
 * Camunda's context pad: beside the selected stage (only when it is the one selected), buttons that append the
 * next stage, a won or a lost ending after it, connect it onwards from the keyboard, or rename it in place.
 */
export function StageContextPad({ stage }: Props) {
  const { t } = useTranslation();
  const appendStage = useWorkflowStore((state) => state.appendStage);
  const setCanvasMode = useWorkflowStore((state) => state.setCanvasMode);
  const reveal = useRevealStage();
  const append = (kind: StageKind) => {
    const key = appendStage({ from: stage.key, kind });
    if (key) reveal(key);
  };
  return (
    <NodeToolbar position={Position.Top} className="context-pad nodrag nopan">
      <div role="toolbar" aria-label={t('contextPad.label')} data-testid={`context-pad-${stage.key}`}>
        {APPENDED_KINDS.map((kind) => (
          <button key={kind} type="button" className={`kind-${kind}`} onClick={() => append(kind)} data-testid={`append-${kind}`}>
            + {t(`contextPad.append.${kind}`)}
          </button>
        ))}
        <button type="button" onClick={() => setCanvasMode({ kind: 'connect', from: stage.key })} data-testid="context-connect">
          {t('contextPad.connect')}
        </button>
        <button type="button" onClick={() => setCanvasMode({ kind: 'rename', stage: stage.key })} data-testid="context-rename">
          {t('contextPad.rename')}
        </button>
      </div>
    </NodeToolbar>
  );
}
