import type {
  Effect,
  FieldsValidator,
  ForecastCategory,
  LocalizedText,
  Outcome,
  Phase,
  PoolSpec,
  Role,
  Stage,
  Timer,
  Transition,
  WorkflowDefinition,
} from '@funnel/schemas';
import type { CompiledDuration } from './compile-duration';
import type { Guard } from './compile-guard';

/** A timer's extension policy with its length compiled. */
export interface CompiledExtensionPolicy {
  length: CompiledDuration;
  maxPerRecord: number;
  approverRoles: readonly Role[];
  maxOpenPerOwner?: number;
}

/** A stage timer, ready to arm: when it is due, `transition` fires. */
export interface CompiledTimer {
  key: string;
  stage: string;
  definition: Timer;
  after: CompiledDuration;
  warnBefore?: CompiledDuration;
  transition: string;
  extension?: CompiledExtensionPolicy;
}

/** A nurture cadence: the first whose `when` holds is in force. */
export interface CompiledCadence {
  key: string;
  when?: Guard;
  every: CompiledDuration;
  fire?: string;
}

/**
 * The cadence key used once a pool record is dormant.
 * @example record.pool?.cadence === DORMANT_CADENCE // → true after N touches without response
 */
export const DORMANT_CADENCE = 'dormant';

/** A pool stage's claim rules and nurture, compiled. */
export interface CompiledPool {
  kind: PoolSpec['kind'];
  claim: {
    to?: string;
    roles?: readonly Role[];
    maxClaims?: number;
    window?: CompiledDuration;
    cooldown?: CompiledDuration;
  };
  cadences: readonly CompiledCadence[];
  dormancy?: { afterTouchesWithoutResponse: number; every: CompiledDuration };
}

/** A stage with everything entering it needs. */
export interface CompiledStage {
  key: string;
  definition: Stage;
  name: LocalizedText;
  phase: Phase;
  probability: number;
  forecastCategory: ForecastCategory;
  outcome?: Outcome;
  /** Has an outcome or is marked terminal. */
  terminal: boolean;
  timers: readonly CompiledTimer[];
  pool?: CompiledPool;
}

/** A transition with its guard compiled and its required fields merged with the target stage's. */
export interface CompiledTransition {
  key: string;
  definition: Transition;
  name: LocalizedText;
  from: ReadonlySet<string>;
  to: string;
  /** Undefined when any role may take it. */
  roles?: readonly Role[];
  guard?: { evaluate: Guard; logic: unknown; message: LocalizedText };
  /** The transition's own required fields, then the target stage's. */
  requiredFields: readonly string[];
  reason?: { required: boolean; options: readonly string[] };
  effects: readonly Effect[];
  allowProbabilityOverride: boolean;
}

/** A rule: when `when` holds on a record in one of `fire`'s source stages, `fire` is applied by the system. */
export interface CompiledRule {
  key: string;
  when: Guard;
  fire: string;
  /** The reason the fired transition records (one of its reason keys); without it, the rule key where allowed. */
  reason?: string;
}

/** Every compiled json-logic expression with its pointer (the suites check each against json-logic-js). */
export interface CompiledLogic {
  pointer: string;
  logic: unknown;
  evaluate: Guard;
}

/**
 * A definition version ready to interpret: lookups by key, guards compiled to closures, durations to milliseconds.
 * @example compile(definition).workflow?.transitionsFrom('lead').map((t) => t.key) // → ['qualify', 'disqualify']
 */
export interface CompiledWorkflow {
  definition: WorkflowDefinition;
  key: string;
  version: number;
  initialStage: string;
  stages: readonly CompiledStage[];
  stage(key: string): CompiledStage | undefined;
  transition(key: string): CompiledTransition | undefined;
  transitionsFrom(stage: string): readonly CompiledTransition[];
  /** Rules whose transition starts at this stage, in definition order. */
  rulesFrom(stage: string): readonly CompiledRule[];
  pipelineEntry(pipeline: string): string | undefined;
  /** Validates a whole set of fields (creation). */
  validateFields: FieldsValidator;
  /** Validates some fields (updates, transition input): required ones may be absent. */
  validateFieldChanges: FieldsValidator;
  logic: readonly CompiledLogic[];
}
