import { NodeToolbar, Position } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import type { StageKind } from '../model/stage-kinds';
import { useRevealStage } from '../store/useRevealStage';
import { useWorkflowStore } from '../store/useWorkflowStore';

export type Props = Record<string, never>;

/** What the pad appends after the selected stage, in this order. */
const APPENDED_KINDS: readonly StageKind[] = ['stage', 'won', 'lost'];

/**
 * Camunda's context pad: above the selected stage (when one stage is selected), buttons that append the next stage,
 * a won or a lost ending after it, connect it onwards, or rename it in place. One pad for the canvas, not one per
 * stage: each would follow every pan and zoom.
 */
export function StageContextPad(_props: Props) {
  const stage = useWorkflowStore((state) => (state.selection?.kind === 'stage' ? state.selection.key : null));
  return stage ? <Pad stageKey={stage} /> : null;
}

function Pad({ stageKey: key }: { stageKey: string }) {
  const { t } = useTranslation();
  const appendStage = useWorkflowStore((state) => state.appendStage);
  const setCanvasMode = useWorkflowStore((state) => state.setCanvasMode);
  const reveal = useRevealStage();
  const append = (kind: StageKind) => {
    const appended = appendStage({ from: key, kind });
    if (appended) reveal(appended);
  };
  return (
    <NodeToolbar nodeId={key} position={Position.Top} className="context-pad nodrag nopan">
      <div role="toolbar" aria-label={t('contextPad.label')} data-testid={`context-pad-${key}`}>
        {APPENDED_KINDS.map((kind) => (
          <button key={kind} type="button" className={`kind-${kind}`} onClick={() => append(kind)} data-testid={`append-${kind}`}>
            + {t(`contextPad.append.${kind}`)}
          </button>
        ))}
        <button type="button" onClick={() => setCanvasMode({ kind: 'connect', from: key })} data-testid="context-connect">
          {t('contextPad.connect')}
        </button>
        <button type="button" onClick={() => setCanvasMode({ kind: 'rename', stage: key })} data-testid="context-rename">
          {t('contextPad.rename')}
        </button>
      </div>
    </NodeToolbar>
  );
}
