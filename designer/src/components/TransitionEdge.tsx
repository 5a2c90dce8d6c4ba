import { memo } from 'react';
import { BaseEdge, EdgeLabelRenderer, getSmoothStepPath, type EdgeProps } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import type { TransitionFlowEdge } from '../model/definition-to-flow';
import { diagnosticText } from '../model/diagnostic-text';
import { EDGE_LABEL_HEIGHT } from '../model/edge-label-size';
import { edgePath } from '../model/edge-path';
import { edgeLabelText } from '../model/routing-input';
import { useSimulationStore } from '../store/useSimulationStore';
import { useWorkflowStore } from '../store/useWorkflowStore';
import { Icon } from './Icon';

export type Props = EdgeProps<TransitionFlowEdge>;

/**
 * A transition on the canvas, drawn along its route (ELK's after a layout, the local router's otherwise; see
 * docs/designer.md "Drawing") and labelled, at the box the route placed it in, with its name and a lock when
 * guarded; red when it has problems.
 */
export const TransitionEdge = memo(function TransitionEdge({
  id,
  source,
  sourceX,
  sourceY,
  targetX,
  targetY,
  sourcePosition,
  targetPosition,
  data,
  selected,
  markerEnd,
}: Props) {
  const { t, i18n } = useTranslation();
  const transition = data?.transition;
  const problems = useWorkflowStore((state) => (transition ? state.diagnosticsByElement.get(`transition:${transition.key}`) : undefined));
  const select = useWorkflowStore((state) => state.select);
  const simulated = useSimulationStore((state) =>
    state.active && state.stage === source ? state.options.find((option) => option.transition === transition?.key) : undefined,
  );
  // Said in the user's language; read when the node's diagnostics change (the definition they were made for).
  const problemText = problems
    ?.map((diagnostic) => diagnosticText({ diagnostic, definition: useWorkflowStore.getState().definition, t, locale: i18n.language }))
    .join('\n');
  const route = useWorkflowStore((state) => state.routes.get(id));
  // Until a route is made (never for long: every change routes the edges it touches) a plain step path stands in.
  const [fallbackPath, labelX, labelY] = getSmoothStepPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const path = route ? edgePath(route.points) : fallbackPath;
  const label = route?.label ?? { x: labelX, y: labelY, width: undefined, height: EDGE_LABEL_HEIGHT };
  const errors = problems?.some((d) => d.severity === 'error');
  const className = [
    'transition-edge',
    selected ? 'selected' : '',
    errors ? 'has-errors' : problems?.length ? 'has-warnings' : '',
    simulated ? (simulated.available ? 'sim-open' : 'sim-closed') : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} className={className} />
      <EdgeLabelRenderer>
        {/* biome-ignore lint/a11y/noStaticElementInteractions: a mouse shortcut; keyboard users select the edge itself, which React Flow makes focusable. */}
        {/* biome-ignore lint/a11y/useKeyWithClickEvents: as above, the focusable edge carries the keyboard path. */}
        <div
          className={`edge-label ${className}`}
          style={{ transform: `translate(${label.x}px, ${label.y}px)`, width: label.width, height: label.height }}
          data-testid={`edge-${id}`}
          onClick={() => transition && select({ kind: 'transition', key: transition.key })}
          title={simulated && !simulated.available ? simulated.reasons.join('\n') : problemText}
        >
          {transition?.guard ? (
            <span className="guard-mark">
              <Icon name="lock" label={t('transition.guarded')} />{' '}
            </span>
          ) : null}
          {transition ? edgeLabelText(transition, i18n.language) : id}
        </div>
      </EdgeLabelRenderer>
    </>
  );
});
