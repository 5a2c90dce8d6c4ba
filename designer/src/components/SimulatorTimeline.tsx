import { useTranslation } from 'react-i18next';
import type { DefinitionNames } from '../model/definition-names';
import { simulationEventText } from '../model/simulation-event-text';
import type { Simulator } from '../store/useSimulation';

export type Props = { simulator: Simulator; names: DefinitionNames; dates: Intl.DateTimeFormat };

/**
 * Every step of the simulated record, from its start: a slider and a list to show the record as it was after any
 * step (the keyboard moves the slider; each step is a button too). Acting from an earlier step drops the later ones.
 */
export function SimulatorTimeline({ simulator, names, dates }: Props) {
  const { t } = useTranslation();
  const { steps, shown, scrub } = simulator;
  const last = steps.length - 1;
  return (
    <section className="sim-timeline" aria-labelledby="sim-timeline-heading" data-testid="sim-timeline">
      <h3 id="sim-timeline-heading">{t('simulator.timeline')}</h3>
      <div className="row">
        <label htmlFor="sim-scrub">{t('simulator.scrub')}</label>
        <input
          id="sim-scrub"
          type="range"
          min={0}
          max={last}
          step={1}
          value={shown}
          disabled={last === 0}
          aria-valuetext={shown === 0 ? t('simulator.atStart') : t('simulator.afterStep', { step: shown, total: last })}
          onChange={(event) => scrub(Number(event.target.value))}
          data-testid="sim-scrub"
        />
        <output htmlFor="sim-scrub" data-testid="sim-scrub-at">
          {shown === 0 ? t('simulator.atStart') : t('simulator.afterStep', { step: shown, total: last })}
        </output>
      </div>
      {shown < last ? <p className="hint">{t('simulator.scrubbedHint', { count: last - shown })}</p> : null}
      <ol className="sim-log" data-testid="sim-log">
        {steps.map((step, index) => {
          // A step's events happened in the stage the record was in before it (a timer's key is unique in its stage).
          const stage = steps[index - 1]?.record.stage ?? step.record.stage;
          return (
            <li key={index} className={index > shown ? 'later' : undefined} data-testid={`sim-timeline-step-${index}`}>
              <button type="button" aria-current={index === shown ? 'step' : undefined} onClick={() => scrub(index)}>
                {index === 0 ? t('simulator.atStart') : t('simulator.stepNumber', { step: index })} · {dates.format(step.now)} ·{' '}
                {names.stage(step.record.stage)}
              </button>
              {step.events.length > 0 ? (
                <ul>
                  {step.events.map((event, eventIndex) => (
                    <li key={eventIndex}>{simulationEventText({ event, stage, names, t, dates })}</li>
                  ))}
                </ul>
              ) : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
