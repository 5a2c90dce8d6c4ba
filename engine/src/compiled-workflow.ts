import type {
  AssignmentStrategy,
  Effect,
  FieldsValidator,
  ForecastCategory,
  LocalizedText,
  Outcome,
  Phase,
  PoolSpec,
  Role,
  Stage,
  StageGuidance,
  Timer,
  TimerOrigin,
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
  /** What the deadline counts from: stage entry, or the last call, email or meeting in the stage. */
  from: TimerOrigin;
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
  /** What a record must satisfy to enter the stage (created into it, or moved by any transition). */
  guard?: { evaluate: Guard; logic: unknown; message: LocalizedText };
  timers: readonly CompiledTimer[];
  pool?: CompiledPool;
  /** The stage's probability for a record of `pipeline` (the pipeline's own, else the stage's). */
  probabilityFor(pipeline: string | undefined): number;
  /** Whether a probability set by hand survives entering this stage (never into a stage with an outcome). */
  keepsOverride: boolean;
  guidance?: StageGuidance;
  /** The workflow's scoring, so that what checks a stage's guard or cadences sees the score. */
  scoring?: CompiledScoring;
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
  /** The target stage's guard, checked after the transition's own. */
  stageGuard?: { evaluate: Guard; message: LocalizedText };
  /** The transition's own required fields, then the target stage's. */
  requiredFields: readonly string[];
  reason?: { required: boolean; options: readonly string[] };
  effects: readonly Effect[];
  allowProbabilityOverride: boolean;
  /** Who decides it when it needs approval (a person's move is then a request). */
  approval?: { roles: readonly Role[]; ownerManager: boolean };
}

/**
 * A fit rule with its condition compiled: `points` while it holds.
 * @example { key: 'enterprise', when: (data) => data.seats >= 500, points: 30 }
 */
export interface CompiledFitRule {
  key: string;
  when: Guard;
  points: number;
}

/**
 * An engagement rule: `points` for each activity of `activity` (with one of `outcomes`, when given), halved every
 * `halfLifeMs` (null: never).
 * @example { key: 'answered', activity: 'call', outcomes: new Set(['answered']), points: 10, halfLifeMs: 1209600000 }
 */
export interface CompiledEngagementRule {
  key: string;
  activity: string;
  outcomes?: ReadonlySet<string>;
  points: number;
  halfLifeMs: number | null;
}

/**
 * The definition's scoring, compiled: the score is fit + decayed engagement, rounded, between 0 and `max`.
 * @example scoreRecord({ scoring: workflow.scoring!, record, now }).score // → 64
 */
export interface CompiledScoring {
  max: number;
  fit: readonly CompiledFitRule[];
  engagement: readonly CompiledEngagementRule[];
}

/** A rule: when `when` holds on a record in one of `fire`'s source stages, `fire` is applied by the system. */
export interface CompiledRule {
  key: string;
  when: Guard;
  fire: string;
  /** The reason the fired transition records (one of its reason keys); without it, the rule key where allowed. */
  reason?: string;
}

/**
 * The people an assignment rule routes to, as the definition names them; the api resolves them to users.
 * @example const team: CompiledTeam = { manager: 'u_lee' }; // everyone below u_lee, transitively
 */
export type CompiledTeam = { manager: string } | { users: readonly string[] } | { role: Role };

/**
 * Who an assignment rule routes to: one user, or a team with its strategy and weights (by user id; 1 for a member
 * not named).
 * @example rule.target.type === 'team' ? rule.target.strategy : null // → 'round_robin'
 */
export type CompiledAssignmentTarget =
  | { type: 'user'; user: string }
  | { type: 'team'; team: CompiledTeam; strategy: AssignmentStrategy; weights: Readonly<Record<string, number>> };

/**
 * An assignment rule with its condition compiled; without `when` it matches every record.
 * @example matchAssignmentRule({ workflow, record, now })?.rule // → { key: 'hot', name, when, target: { type: 'team', … } }
 */
export interface CompiledAssignmentRule {
  key: string;
  name: LocalizedText;
  when?: Guard;
  target: CompiledAssignmentTarget;
}

/**
 * The definition's routing: its rules in order, and the cap of open records per owner with the stages it counts.
 * @example workflow.assignment?.capacity?.max // → 20
 */
export interface CompiledAssignment {
  rules: readonly CompiledAssignmentRule[];
  capacity?: { max: number; stages: ReadonlySet<string> };
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
  /** How records without an owner are routed; absent when the definition has no assignment rules. */
  assignment?: CompiledAssignment;
  /** How records are scored; absent when the definition does not score. */
  scoring?: CompiledScoring;
  /** Who may set a record's probability outside a transition. */
  probabilitySetRoles: readonly Role[];
}
