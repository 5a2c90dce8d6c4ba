import { memo, useState } from 'react';
import { BaseEdge, getSmoothStepPath, ViewportPortal, type EdgeProps } from '@xyflow/react';
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
 * guarded; red when it has problems. The label is what the keyboard reaches (React Flow's own edge focus is off):
 * it is drawn in the viewport portal, after the stages in the document, so Tab visits every stage before any
 * transition; Enter selects the transition, Delete removes this edge (FlowCanvas), and the edge shows the focus.
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
  const [focused, setFocused] = useState(false);
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
    focused ? 'focused' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} className={className} />
      <ViewportPortal>
        <div
          className={`edge-label ${className}`}
          style={{ transform: `translate(${label.x}px, ${label.y}px)`, width: label.width, height: label.height }}
          data-testid={`edge-${id}`}
          data-transition={transition?.key}
          data-from={source}
          role="button"
          tabIndex={0}
          aria-label={
            transition
              ? t(transition.guard ? 'canvas.guardedTransitionLabel' : 'canvas.transitionLabel', { name: edgeLabelText(transition, i18n.language) })
              : id
          }
          aria-pressed={selected ?? false}
          onClick={() => transition && select({ kind: 'transition', key: transition.key })}
          onKeyDown={(event) => {
            if (!transition || (event.key !== 'Enter' && event.key !== ' ')) return;
            event.preventDefault();
            select({ kind: 'transition', key: transition.key });
          }}
          onFocus={() => setFocused(true)}
          onBlur={() => setFocused(false)}
          title={simulated && !simulated.available ? simulated.reasons.join('\n') : problemText}
        >
          {transition?.guard ? (
            <span className="guard-mark">
              <Icon name="lock" label={t('transition.guarded')} />{' '}
            </span>
          ) : null}
          {transition ? edgeLabelText(transition, i18n.language) : id}
        </div>
      </ViewportPortal>
    </>
  );
});
