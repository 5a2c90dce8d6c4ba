import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  applyTransition,
  availableTransitions,
  createRecord,
  decideExtension,
  fireDueTimers,
  requestExtension,
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

/** The record after one step of the simulation (the first is where it started), and what that step did. */
interface TimelineStep {
  record: FunnelRecord;
  now: number;
  events: FunnelEvent[];
}

/** Every step so far, and the one shown: acting from an earlier one drops the steps after it. */
interface Timeline {
  steps: TimelineStep[];
  shown: number;
}

/**
 * The simulation as of the step shown: the record then, and every event up to it.
 * @example simulationAt({ steps, shown: 1 }).log // → the events of step 1
 */
function simulationAt(timeline: Timeline): Simulation | null {
  const step = timeline.steps[timeline.shown];
  if (!step) return null;
  return { record: step.record, now: step.now, log: timeline.steps.slice(1, timeline.shown + 1).flatMap((earlier) => earlier.events) };
}

const NO_TIMELINE: Timeline = { steps: [], shown: 0 };

/**
 * The simulator's record is the only one: no other record of its owner holds an extension (the engine's
 * maxOpenPerOwner counts the others).
 */
const OTHER_EXTENDED_RECORDS = 0;

/**
 * Who decides a simulated extension: one of the policy's approvers, not the simulated actor — whoever asked for an
 * extension may not approve it (the engine refuses `own_request`), and the simulator shows the approver's decision.
 */
function approverOf(workflow: CompiledWorkflow, record: FunnelRecord, timer: string): Actor {
  const armed = record.timers.find((t) => t.key === timer);
  const policy = armed ? workflow.stage(armed.stage)?.timers.find((t) => t.key === timer)?.extension : undefined;
  return { id: 'approver', roles: [...(policy?.approverRoles ?? [])] };
}

/** A decision the engine did not apply. */
type Refusal = Exclude<Decision, { type: 'applied' }>;

/** The simulation and what can be done with it; every problem is already in the user's language. */
export interface Simulator {
  simulation: Simulation | null;
  /** Every step so far (the first is the start) and the one shown. */
  steps: readonly TimelineStep[];
  shown: number;
  /** Shows the record as it was after step `index`; the next action goes on from there. */
  scrub: (index: number) => void;
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
  /** Asks for an extension of an armed timer, as the actor. */
  requestExtension: (timer: string) => void;
  /** Approves or rejects the timer's pending extension, as the actor. */
  decideExtension: (input: { timer: string; approve: boolean }) => void;
  reset: () => void;
}

/**
 * Runs the engine in the browser on a sample record for the definition being edited, and shows on the canvas where
 * the record is and which transitions are open (until the simulator closes). Nothing is written to the api.
 * @example const { simulation, step } = useSimulation({ workflow, actor }); step({ transition: 'qualify', reason: undefined });
 */
export function useSimulation({ workflow, actor }: { workflow: CompiledWorkflow | null; actor: Actor }): Simulator {
  const { t, i18n } = useTranslation();
  const [timeline, setTimeline] = useState<Timeline>(NO_TIMELINE);
  const [problem, setProblem] = useState<string | null>(null);
  const simulation = useMemo(() => simulationAt(timeline), [timeline]);
  const options = useMemo(
    () => (workflow && simulation ? availableTransitions({ workflow, record: simulation.record, actor, now: simulation.now }) : []),
    [workflow, simulation, actor],
  );

  useShownOnCanvas({ simulation, options });

  const refusal = (decision: Refusal) => refusalText({ decision, t, locale: i18n.language });

  const start = (record: FunnelRecord | null, now: number) => {
    if (!record) return setProblem(t('simulator.stageGone'));
    setProblem(null);
    setTimeline({ steps: [{ record, now, events: [] }], shown: 0 });
  };

  /** Adds a step after the one shown (dropping any later ones) and shows it. */
  const goOn = (step: TimelineStep) => {
    setProblem(null);
    setTimeline((current) => {
      const steps = [...current.steps.slice(0, current.shown + 1), step];
      return { steps, shown: steps.length - 1 };
    });
  };

  /** Takes an engine decision on the shown record as the next step, or says why it was refused. */
  const decide = (decision: Decision) => {
    if (!simulation) return;
    if (decision.type !== 'applied') return setProblem(refusal(decision));
    goOn({ record: decision.record, now: simulation.now, events: decision.events });
  };

  return {
    simulation,
    steps: timeline.steps,
    shown: timeline.shown,
    scrub: (index) => {
      setProblem(null);
      setTimeline((current) => ({ ...current, shown: Math.max(0, Math.min(index, current.steps.length - 1)) }));
    },
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
      decide(
        applyTransition({
          workflow,
          record: simulation.record,
          transition,
          actor,
          now: simulation.now,
          ...(reason ? { input: { reason } } : {}),
        }),
      );
    },
    advance: (days) => {
      if (!workflow || !simulation) return;
      const now = simulation.now + days * DAY_MS;
      const change = fireDueTimers({ workflow, record: simulation.record, now });
      goOn({ record: change.record, now, events: change.events });
    },
    requestExtension: (timer) => {
      if (!workflow || !simulation) return;
      const { record, now } = simulation;
      decide(requestExtension({ workflow, record, timer, actor, now, ownerExtendedRecords: OTHER_EXTENDED_RECORDS }));
    },
    decideExtension: ({ timer, approve }) => {
      if (!workflow || !simulation) return;
      const { record, now } = simulation;
      const approver = approverOf(workflow, record, timer);
      decide(decideExtension({ workflow, record, timer, actor: approver, approve, now, ownerExtendedRecords: OTHER_EXTENDED_RECORDS }));
    },
    reset: () => setTimeline(NO_TIMELINE),
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
