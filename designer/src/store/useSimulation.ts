import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  applyTransition,
  availableTransitions,
  createRecord,
  fireDueTimers,
  type Actor,
  type CompiledWorkflow,
  type Decision,
  type FunnelEvent,
  type FunnelRecord,
  type TransitionOption,
} from '@funnel/engine';
import { blockerText, type Translate } from '../model/blocker-text';
import { useSimulationStore } from './useSimulationStore';

const DAY_MS = 24 * 60 * 60 * 1000;
const SIMULATED_RECORD_ID = 'simulated';

/** A sample record stepped through the engine: where it is, the simulated time, and what happened to it. */
export type Simulation = { record: FunnelRecord; now: number; log: FunnelEvent[] };

/** A decision the engine did not apply. */
type Refusal = Exclude<Decision, { type: 'applied' }>;

/** The simulation and what can be done with it; every problem is already in the user's language. */
export interface Simulator {
  simulation: Simulation | null;
  /** The transitions from the record's stage for the actor, open or closed with their blockers. */
  options: TransitionOption[];
  problem: string | null;
  /** Starts from a record (null when its stage is not in the definition being edited) at `now`. */
  start: (record: FunnelRecord | null, now: number) => void;
  /** Creates a record from fields written as JSON, now, and starts from it. */
  startFromFields: (fieldsText: string) => void;
  step: (input: { transition: string; reason: string | undefined }) => void;
  /** Moves the simulated time on by `days`, firing the timers that fall due. */
  advance: (days: number) => void;
  reset: () => void;
}

/**
 * Runs the engine in the browser on a sample record for the definition being edited, and shows on the canvas where
 * the record is and which transitions are open (until the simulator closes). Nothing is written to the api.
 * @example const { simulation, step } = useSimulation({ workflow, actor }); step({ transition: 'qualify', reason: undefined });
 */
export function useSimulation({ workflow, actor }: { workflow: CompiledWorkflow | null; actor: Actor }): Simulator {
  const { t, i18n } = useTranslation();
  const [simulation, setSimulation] = useState<Simulation | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const options = useMemo(
    () => (workflow && simulation ? availableTransitions({ workflow, record: simulation.record, actor, now: simulation.now }) : []),
    [workflow, simulation, actor],
  );

  useShownOnCanvas({ simulation, options });

  const refusal = (decision: Refusal) => refusalText({ decision, t, locale: i18n.language });

  const start = (record: FunnelRecord | null, now: number) => {
    if (!record) return setProblem(t('simulator.stageGone'));
    setProblem(null);
    setSimulation({ record, now, log: [] });
  };

  return {
    simulation,
    options,
    problem,
    start,
    startFromFields: (fieldsText) => {
      if (!workflow) return;
      let fields: Record<string, unknown>;
      try {
        fields = JSON.parse(fieldsText) as Record<string, unknown>;
      } catch (error) {
        return setProblem(t('condition.notJson', { problem: error instanceof Error ? error.message : String(error) }));
      }
      const now = Date.now();
      const decision = createRecord({ workflow, id: SIMULATED_RECORD_ID, fields, actor, now });
      if (decision.type === 'applied') return start(decision.record, now);
      setProblem(refusal(decision));
    },
    step: ({ transition, reason }) => {
      if (!workflow || !simulation) return;
      const decision = applyTransition({
        workflow,
        record: simulation.record,
        transition,
        actor,
        now: simulation.now,
        ...(reason ? { input: { reason } } : {}),
      });
      if (decision.type !== 'applied') return setProblem(refusal(decision));
      setProblem(null);
      setSimulation({ ...simulation, record: decision.record, log: [...simulation.log, ...decision.events] });
    },
    advance: (days) => {
      if (!workflow || !simulation) return;
      const now = simulation.now + days * DAY_MS;
      const change = fireDueTimers({ workflow, record: simulation.record, now });
      setSimulation({ record: change.record, now, log: [...simulation.log, ...change.events] });
    },
    reset: () => setSimulation(null),
  };
}

/** Shows the simulated record's stage and its transitions on the canvas while there is a simulation, and stops on unmount. */
function useShownOnCanvas({ simulation, options }: { simulation: Simulation | null; options: TransitionOption[] }): void {
  const { t, i18n } = useTranslation();
  const show = useSimulationStore((state) => state.show);
  const stop = useSimulationStore((state) => state.stop);
  useEffect(() => {
    if (!simulation) return stop();
    show({
      stage: simulation.record.stage,
      options: options.map((option) => ({
        transition: option.transition,
        to: option.to,
        available: option.available,
        reasons: option.blockers.map((blocker) => blockerText({ blocker, t, locale: i18n.language })),
      })),
    });
  }, [simulation, options, show, stop, t, i18n.language]);
  useEffect(() => stop, [stop]);
}

/** Why the engine did not apply a decision, in the user's language. */
function refusalText({ decision, t, locale }: { decision: Refusal; t: Translate; locale: string }): string {
  switch (decision.type) {
    case 'refused':
      return decision.blockers.map((blocker) => blockerText({ blocker, t, locale })).join('; ');
    case 'not_found':
      return t('simulator.notFound', { what: decision.what, key: decision.key });
    default:
      return decision satisfies never;
  }
}
