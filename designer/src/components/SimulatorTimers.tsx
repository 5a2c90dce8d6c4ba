import { useTranslation } from 'react-i18next';
import type { ArmedTimer } from '@funnel/engine';
import type { WorkflowDefinition } from '@funnel/schemas';
import type { DefinitionNames } from '../model/definition-names';
import type { Simulator } from '../store/useSimulation';

export type Props = { timers: readonly ArmedTimer[]; definition: WorkflowDefinition; names: DefinitionNames; simulator: Simulator; dates: Intl.DateTimeFormat };

/**
 * The simulated record's armed timers by their names: when each is due, its extensions, and the extension
 * request and its approval or rejection, as the actor (the engine refuses what the actor may not do, and says why).
 */
export function SimulatorTimers({ timers, definition, names, simulator, dates }: Props) {
  const { t } = useTranslation();
  if (timers.length === 0) return null;
  const policyOf = (timer: ArmedTimer) =>
    definition.stages.find((stage) => stage.key === timer.stage)?.timers?.find((candidate) => candidate.key === timer.key)?.extension;
  return (
    <ul className="sim-timers" data-testid="sim-timers">
      {timers.map((timer) => {
        const name = names.timer({ stage: timer.stage, key: timer.key });
        const policy = policyOf(timer);
        return (
          <li key={timer.key} data-testid={`sim-timer-${timer.key}`}>
            <span data-testid={`sim-timer-due-${timer.key}`} data-due-at={timer.dueAt}>
              {t('simulator.timerDue', { timer: name, date: dates.format(timer.dueAt) })}
            </span>
            {timer.extensions > 0 ? <> · {t('simulator.extensionsGranted', { count: timer.extensions })}</> : null}
            {timer.pendingExtension ? (
              <>
                {' '}
                · <span data-testid={`sim-pending-${timer.key}`}>{t('simulator.extensionPending', { who: timer.pendingExtension.requestedBy })}</span>{' '}
                <button type="button" onClick={() => simulator.decideExtension({ timer: timer.key, approve: true })} data-testid={`sim-approve-${timer.key}`}>
                  {t('simulator.approveExtension')}
                </button>{' '}
                <button type="button" onClick={() => simulator.decideExtension({ timer: timer.key, approve: false })} data-testid={`sim-reject-${timer.key}`}>
                  {t('simulator.rejectExtension')}
                </button>
              </>
            ) : policy ? (
              <>
                {' '}
                <button type="button" onClick={() => simulator.requestExtension(timer.key)} data-testid={`sim-extend-${timer.key}`}>
                  {t('simulator.requestExtension')}
                </button>
              </>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
