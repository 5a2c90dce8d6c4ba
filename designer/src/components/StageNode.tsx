import { memo, useMemo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { StageFlowNode } from '../model/definition-to-flow';
import { cachedNumberFormat } from '../model/cached-intl';
import { diagnosticText } from '../model/diagnostic-text';
import { localizedText } from '../model/localized-text';
import { stageKind } from '../model/stage-kinds';
import { timerBadge, timerTarget } from '../model/timer-badge';
import { useSimulationStore } from '../store/useSimulationStore';
import { useWorkflowStore } from '../store/useWorkflowStore';
import { Icon } from './Icon';
import { StageNameInput } from './StageNameInput';

export type Props = NodeProps<StageFlowNode>;

const PERCENT: Intl.NumberFormatOptions = { style: 'percent' };

/** A stage on the canvas: name, phase, win probability, forecast category, timers and required fields; won, lost and pool look different. */
export const StageNode = memo(function StageNode({ data, selected }: Props) {
  const { t, i18n } = useTranslation();
  const { stage } = data;
  const extensionWord = t('timer.extShort');
  // The selector runs for every node on every store change, so it only picks the stages this node's timers
  // send records to (compared item by item: an edit elsewhere does not re-render this node); the badges,
  // which format durations with Intl, are built when those or the timers change.
  const targets = useWorkflowStore(useShallow((state) => (stage.timers ?? []).map((timer) => timerTarget({ timer, definition: state.definition }))));
  const badges = useMemo(
    () => (stage.timers ?? []).map((timer, index) => timerBadge({ timer, target: targets[index], locale: i18n.language, extensionWord })),
    [stage.timers, targets, i18n.language, extensionWord],
  );
  const problems = useWorkflowStore((state) => state.diagnosticsByElement.get(`stage:${stage.key}`));
  const simulated = useSimulationStore((state) => state.active && state.stage === stage.key);
  const renaming = useWorkflowStore((state) => state.canvasMode?.kind === 'rename' && state.canvasMode.stage === stage.key);
  const connectingFrom = useWorkflowStore((state) => state.canvasMode?.kind === 'connect' && state.canvasMode.from === stage.key);
  // Said in the user's language; read when the node's diagnostics change (the definition they were made for).
  const problemText = problems
    ?.map((diagnostic) => diagnosticText({ diagnostic, definition: useWorkflowStore.getState().definition, t, locale: i18n.language }))
    .join('\n');
  const kind = stageKind(stage);
  const errors = problems?.filter((d) => d.severity === 'error').length ?? 0;
  const warnings = (problems?.length ?? 0) - errors;
  const className = [
    'stage-node',
    `kind-${kind}`,
    selected ? 'selected' : '',
    errors ? 'has-errors' : warnings ? 'has-warnings' : '',
    simulated ? 'simulated' : '',
    connectingFrom ? 'connecting-from' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <div className={className} data-testid={`stage-${stage.key}`} title={problemText}>
      <Handle type="target" position={Position.Left} aria-label={t('canvas.incoming')} />
      <div className="stage-head">
        {renaming ? <StageNameInput stage={stage} /> : <span className="stage-name">{localizedText(stage.name, i18n.language)}</span>}
        {kind !== 'stage' ? <span className={`stage-kind kind-${kind}`}>{t(`kind.${kind}`)}</span> : null}
      </div>
      <div className="stage-meta">
        <span>{t(`phase.${stage.phase}`)}</span>
        <span className="probability">{cachedNumberFormat(i18n.language, PERCENT).format(stage.probability / 100)}</span>
        <span>{t(`forecast.${stage.forecastCategory}`)}</span>
      </div>
      {stage.timers?.map((timer, index) => (
        <div key={timer.key} className="timer-badge" data-testid={`timer-badge-${stage.key}-${timer.key}`}>
          <Icon name="clock" /> {badges[index]}
        </div>
      ))}
      {stage.requiredFields?.length ? (
        <div className="required-fields">
          {t('stage.requires')}: {stage.requiredFields.join(', ')}
        </div>
      ) : null}
      {errors || warnings ? (
        <div className="diagnostic-badge" role="img" aria-label={t('diagnostics.count', { errors, warnings })}>
          {errors ? (
            <>
              <Icon name="error" /> {errors}
            </>
          ) : null}{' '}
          {warnings ? (
            <>
              <Icon name="warning" /> {warnings}
            </>
          ) : null}
        </div>
      ) : null}
      <Handle type="source" position={Position.Right} aria-label={t('canvas.outgoing')} />
    </div>
  );
});
