import { Type, type Static, type TSchema, type SchemaOptions } from '@sinclair/typebox';
import { MAX_FIELD_PATTERN_LENGTH } from './tenant-pattern';

/** A string from a closed set, as a plain JSON Schema `enum` so errors read "must be one of …". */
function StringEnum<const T extends readonly string[]>(values: T, options: SchemaOptions = {}) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

/**
 * The version of the definition format this package reads and writes.
 * @example getTemplate('minimal_trunk').definition.schemaVersion === SCHEMA_VERSION // → true
 */
export const SCHEMA_VERSION = 1;

/**
 * Locales Funnel ships names in. English is always required; the others fall back to it.
 * @example LOCALES.map((locale) => name[locale] ?? name.en)
 */
export const LOCALES = ['en', 'zh-Hans', 'zh-Hant'] as const;

/**
 * The pattern of a machine key (stage, transition, rule, timer, reason, cadence and pipeline keys).
 * @example new RegExp(KEY_PATTERN).test('contract_negotiation') // → true
 */
export const KEY_PATTERN = '^[a-z][a-z0-9_]*$';
const KEY_MAX_LENGTH = 64;
/** The longest name or message in one locale. */
const TEXT_MAX_LENGTH = 200;
/** The longest guidance text of a stage in one locale (a few short paragraphs). */
const GUIDANCE_MAX_LENGTH = 2_000;

/**
 * The pattern of a currency: a three-letter ISO 4217 code.
 * @example new RegExp(CURRENCY_PATTERN).test('USD') // → true
 */
export const CURRENCY_PATTERN = '^[A-Z]{3}$';

/**
 * The highest win probability, in percent (the lowest is 0).
 * @example (record.fields.amount as number) * stage.probability / MAX_PROBABILITY // the weighted amount
 */
export const MAX_PROBABILITY = 100;

/**
 * How large a definition may be: far above any funnel a firm draws (the designer is tried with 60 stages and
 * 150 transitions), low enough that checking one stays in milliseconds. Each is a schema `maxItems` or
 * `maxProperties`, so a definition over one is refused at its pointer (`schema.maxItems`).
 * @example definition.stages.length <= DEFINITION_LIMITS.stages
 */
export const DEFINITION_LIMITS = {
  stages: 500,
  transitions: 2_000,
  fields: 500,
  rules: 500,
  pipelines: 50,
  timersPerStage: 20,
  effectsPerTransition: 50,
  nurturePerPool: 50,
  enumValues: 1_000,
  reasonOptions: 100,
  assignmentRules: 500,
  teamUsers: 1_000,
  fitRules: 200,
  engagementRules: 100,
  keyFields: 50,
} as const;

const Key = Type.String({
  pattern: KEY_PATTERN,
  maxLength: KEY_MAX_LENGTH,
  description: 'A machine key: lower-case letters, digits and underscores, starting with a letter.',
});

/**
 * The pattern of an ISO-8601 duration; its lookaheads need the standard RegExp engine, which Funnel's own
 * schema (never a tenant's) may use.
 * @example new RegExp(DURATION_PATTERN).test('P7D') // → true
 */
export const DURATION_PATTERN = '^P(?!$)(\\d+Y)?(\\d+M)?(\\d+W)?(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+S)?)?$';

/**
 * An ISO-8601 duration such as P7D, PT12H or P1M (no fractions, no negative values).
 * @example ajv.validate(IsoDuration, 'P7D') // → true; 'seven days' → false
 */
export const IsoDuration = Type.String({
  pattern: DURATION_PATTERN,
  description: 'An ISO-8601 duration such as P7D (7 days), PT12H (12 hours) or P1M (1 month).',
});

/**
 * A text in English, Simplified and Traditional Chinese; only English is required.
 * @example { en: 'Lead', 'zh-Hans': '线索', 'zh-Hant': '線索' }
 */
export const LocalizedText = Type.Object(
  {
    en: Type.String({ minLength: 1, maxLength: TEXT_MAX_LENGTH }),
    'zh-Hans': Type.Optional(Type.String({ minLength: 1, maxLength: TEXT_MAX_LENGTH })),
    'zh-Hant': Type.Optional(Type.String({ minLength: 1, maxLength: TEXT_MAX_LENGTH })),
  },
  { additionalProperties: false, description: 'A text in English, Simplified and Traditional Chinese.' },
);

/**
 * The roles a user or API key may hold; transitions, claims and extension approvals name them.
 * @example ROLES.includes('manager') // → true
 */
export const ROLES = ['admin', 'manager', 'sales', 'marketing', 'integration'] as const;
/** One of ROLES, as a schema. @example ajv.validate(Role, 'sales') // → true */
export const Role = StringEnum(ROLES, { description: 'A role an API key or user holds.' });

/**
 * The three phases of the lifecycle a stage belongs to.
 * @example PHASES // → ['lead', 'opportunity', 'order']
 */
export const PHASES = ['lead', 'opportunity', 'order'] as const;
/** One of PHASES, as a schema. @example ajv.validate(Phase, 'order') // → true */
export const Phase = StringEnum(PHASES);

/**
 * Forecast categories a stage's records count in (Salesforce's set): pipeline totals group by them.
 * @example FORECAST_CATEGORIES.indexOf('commit') > FORECAST_CATEGORIES.indexOf('best_case') // → true
 */
export const FORECAST_CATEGORIES = ['omitted', 'pipeline', 'best_case', 'commit', 'closed'] as const;
/** One of FORECAST_CATEGORIES, as a schema. @example ajv.validate(ForecastCategory, 'best_case') // → true */
export const ForecastCategory = StringEnum(FORECAST_CATEGORIES);

/**
 * How a terminal stage closes a record.
 * @example OUTCOMES // → ['won', 'lost']
 */
export const OUTCOMES = ['won', 'lost'] as const;
/** One of OUTCOMES, as a schema. @example ajv.validate(Outcome, 'won') // → true */
export const Outcome = StringEnum(OUTCOMES);

/**
 * A json-logic rule, kept as data. Which operators are allowed is checked by the
 * engine's compile step (an allow-list), not by the schema.
 * @example { '>=': [{ var: 'score' }, 60] }
 */
export const JsonLogic = Type.Unknown({ description: 'A json-logic expression.' });

/**
 * The field types the designer's form can edit.
 * @example FIELD_TYPES.includes('integer') // → true
 */
export const FIELD_TYPES = ['string', 'number', 'integer', 'boolean', 'array'] as const;
/** One of FIELD_TYPES, as a schema. @example ajv.validate(FieldType, 'boolean') // → true */
export const FieldType = StringEnum(FIELD_TYPES);

/**
 * String formats a field may declare; ajv checks each (phone: digits as people type them; currency: an ISO 4217 code).
 * @example { type: 'string', format: 'email' }
 */
export const FIELD_FORMATS = ['email', 'phone', 'date', 'date-time', 'uri', 'currency'] as const;

/**
 * One field of a record, in the subset of JSON Schema the designer's form can edit.
 * @example { type: 'integer', title: { en: 'Seats' }, minimum: 1 }
 */
export const FieldSpec = Type.Object(
  {
    type: FieldType,
    title: Type.Optional(LocalizedText),
    format: Type.Optional(StringEnum(FIELD_FORMATS)),
    enum: Type.Optional(Type.Array(Type.Union([Type.String(), Type.Number()]), { minItems: 1, maxItems: DEFINITION_LIMITS.enumValues, uniqueItems: true })),
    minimum: Type.Optional(Type.Number()),
    maximum: Type.Optional(Type.Number()),
    minLength: Type.Optional(Type.Integer({ minimum: 0 })),
    maxLength: Type.Optional(Type.Integer({ minimum: 0 })),
    pattern: Type.Optional(
      Type.String({ maxLength: MAX_FIELD_PATTERN_LENGTH, description: 'Run with RE2 semantics (linear time): no lookarounds or backreferences.' }),
    ),
    items: Type.Optional(
      Type.Object(
        {
          type: StringEnum(['string', 'number'] as const),
          enum: Type.Optional(Type.Array(Type.Union([Type.String(), Type.Number()]), { maxItems: DEFINITION_LIMITS.enumValues })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

/**
 * The JSON Schema of a record's fields: an object of named fields.
 * @example { type: 'object', properties: { name: { type: 'string', minLength: 1 } }, required: ['name'] }
 */
export const FieldsSchema = Type.Object(
  {
    type: Type.Literal('object'),
    properties: Type.Record(Type.String({ pattern: '^[a-zA-Z][a-zA-Z0-9_]*$' }), FieldSpec, {
      maxProperties: DEFINITION_LIMITS.fields,
      additionalProperties: false,
    }),
    required: Type.Optional(Type.Array(Type.String(), { uniqueItems: true })),
  },
  { additionalProperties: false },
);

/**
 * How a due timer may be pushed back: "extension of 7 days approved by a manager, at most 2 per lead, at most 10 extended leads per salesperson".
 * @example { length: 'P7D', maxPerRecord: 2, approverRoles: ['manager'], maxOpenPerOwner: 10 }
 */
export const ExtensionPolicy = Type.Object(
  {
    length: IsoDuration,
    maxPerRecord: Type.Integer({ minimum: 1, maximum: 100 }),
    approverRoles: Type.Array(Role, { minItems: 1, uniqueItems: true }),
    maxOpenPerOwner: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
  },
  { additionalProperties: false },
);

/**
 * What a timer counts from: the record's entry into the stage, or its last activity (a call, email or meeting
 * logged in the stage; until one is, the entry).
 * @example TIMER_ORIGINS.includes('last_activity') // → true
 */
export const TIMER_ORIGINS = ['stage_entry', 'last_activity'] as const;

/**
 * A timer armed when a record enters its stage; when due it fires `action.transition`. With `from: 'last_activity'`
 * every call, email or meeting logged pushes its deadline (and its warning) to `after` from that activity.
 * @example { key: 'one_week_rule', after: 'P7D', warnBefore: 'P1D', action: { transition: 'recycle' } }
 */
export const Timer = Type.Object(
  {
    key: Key,
    name: Type.Optional(LocalizedText),
    after: IsoDuration,
    from: Type.Optional(StringEnum(TIMER_ORIGINS)),
    action: Type.Object({ transition: Key }, { additionalProperties: false }),
    warnBefore: Type.Optional(IsoDuration),
    extension: Type.Optional(ExtensionPolicy),
  },
  { additionalProperties: false },
);

/**
 * A nurture cadence for records in a pool stage: the next touch is due `every` after the last one.
 * @example { key: 'no_need', when: { '==': [{ var: 'pool.reason' }, 'no_need'] }, every: 'P30D', fire: 'reactivate' }
 */
export const NurtureCadence = Type.Object(
  {
    key: Key,
    name: Type.Optional(LocalizedText),
    when: Type.Optional(JsonLogic),
    every: IsoDuration,
    fire: Type.Optional(Key),
  },
  { additionalProperties: false },
);

/**
 * Kinds of pool a stage can be.
 * @example POOL_KINDS // → ['public', 'nurture', 'dormant']
 */
export const POOL_KINDS = ['public', 'nurture', 'dormant'] as const;

/**
 * What makes a stage a pool: its kind, who may claim from it and how often, its nurture cadences and dormancy.
 * @example { kind: 'public', claim: { to: 'lead', maxClaims: 20, window: 'P1D', cooldown: 'P7D' }, dormancy: { afterTouchesWithoutResponse: 5, every: 'P180D' } }
 */
export const PoolSpec = Type.Object(
  {
    kind: StringEnum(POOL_KINDS),
    claim: Type.Optional(
      Type.Object(
        {
          to: Type.Optional(Key),
          roles: Type.Optional(Type.Array(Role, { uniqueItems: true })),
          maxClaims: Type.Optional(Type.Integer({ minimum: 1 })),
          window: Type.Optional(IsoDuration),
          cooldown: Type.Optional(IsoDuration),
        },
        { additionalProperties: false },
      ),
    ),
    nurture: Type.Optional(Type.Array(NurtureCadence, { maxItems: DEFINITION_LIMITS.nurturePerPool })),
    dormancy: Type.Optional(
      Type.Object(
        {
          afterTouchesWithoutResponse: Type.Integer({ minimum: 1 }),
          every: IsoDuration,
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

/**
 * A condition over the record in json-logic (checked by the engine's compiled guards) and the message a person sees
 * when it does not hold.
 * @example { logic: { '>=': [{ var: 'score' }, 60] }, message: { en: 'Needs a score of 60 or more' } }
 */
export const GuardSpec = Type.Object({ logic: JsonLogic, message: LocalizedText }, { additionalProperties: false });

/**
 * A longer text in English, Simplified and Traditional Chinese (a stage's guidance); only English is required.
 * @example { en: 'Confirm budget, authority, need and timing before you quote.' }
 */
export const LocalizedLongText = Type.Object(
  {
    en: Type.String({ minLength: 1, maxLength: GUIDANCE_MAX_LENGTH }),
    'zh-Hans': Type.Optional(Type.String({ minLength: 1, maxLength: GUIDANCE_MAX_LENGTH })),
    'zh-Hant': Type.Optional(Type.String({ minLength: 1, maxLength: GUIDANCE_MAX_LENGTH })),
  },
  { additionalProperties: false },
);

/**
 * What a salesperson should do in a stage and the fields that matter most there (Salesforce Path's "guidance for
 * success"); returned with a record's available transitions.
 * @example { text: { en: 'Book a demo with the decision maker.' }, keyFields: ['product', 'seats'] }
 */
export const StageGuidance = Type.Object(
  {
    text: LocalizedLongText,
    keyFields: Type.Optional(Type.Array(Type.String(), { maxItems: DEFINITION_LIMITS.keyFields, uniqueItems: true })),
  },
  { additionalProperties: false },
);

/**
 * What a stage change does to a probability an owner set by hand: `keep` it, or `reset` it to the new stage's.
 * A stage with an outcome always takes its own (won is 100 %).
 * @example PROBABILITY_OVERRIDE_POLICIES.includes('keep') // → true
 */
export const PROBABILITY_OVERRIDE_POLICIES = ['keep', 'reset'] as const;
const ProbabilityOverridePolicy = StringEnum(PROBABILITY_OVERRIDE_POLICIES);

/**
 * A stage of the funnel: its phase, win probability, forecast category, outcome if terminal, required fields, guard
 * (what a record must satisfy to enter it: at creation and by every transition into it), timers and pool.
 * @example { key: 'opportunity', name: { en: 'Opportunity' }, phase: 'opportunity', probability: 10, forecastCategory: 'pipeline' }
 */
export const Stage = Type.Object(
  {
    key: Key,
    name: LocalizedText,
    phase: Phase,
    probability: Type.Number({ minimum: 0, maximum: MAX_PROBABILITY }),
    forecastCategory: ForecastCategory,
    outcome: Type.Optional(Outcome),
    terminal: Type.Optional(Type.Boolean()),
    requiredFields: Type.Optional(Type.Array(Type.String(), { uniqueItems: true })),
    guard: Type.Optional(GuardSpec),
    timers: Type.Optional(Type.Array(Timer, { maxItems: DEFINITION_LIMITS.timersPerStage })),
    pool: Type.Optional(PoolSpec),
    guidance: Type.Optional(StageGuidance),
    /** This stage's own probability override policy, over the definition's `probabilities.override`. */
    probabilityOverride: Type.Optional(ProbabilityOverridePolicy),
    position: Type.Optional(Type.Object({ x: Type.Number(), y: Type.Number() }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);

const EFFECT_VARIANTS = [
  Type.Object({ type: Type.Literal('assign_to_actor') }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('clear_owner') }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('set_field'), field: Type.String(), value: Type.Unknown() }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('increment'), counter: Type.String(), by: Type.Optional(Type.Integer()) }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('reset_counter'), counter: Type.String() }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('exclude_from_performance') }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('notify'), to: StringEnum(['owner', 'manager', 'previous_owner'] as const) }, { additionalProperties: false }),
] as const;

/**
 * What a transition does besides moving the record; a union tagged by `type` (ajv's discriminator gives one error, not one per variant).
 * @example { type: 'increment', counter: 'returns', by: 1 }
 */
export const Effect = Type.Unsafe<Static<(typeof EFFECT_VARIANTS)[number]>>({
  type: 'object',
  required: ['type'],
  discriminator: { propertyName: 'type' },
  oneOf: EFFECT_VARIANTS,
});
/**
 * The `type` of every Effect variant.
 * @example EFFECT_TYPES.includes('exclude_from_performance') // → true
 */
export const EFFECT_TYPES = ['assign_to_actor', 'clear_owner', 'set_field', 'increment', 'reset_counter', 'exclude_from_performance', 'notify'] as const;

/**
 * A reason a person picks when taking a transition.
 * @example { key: 'no_budget', name: { en: 'No budget' } }
 */
export const Reason = Type.Object({ key: Key, name: LocalizedText }, { additionalProperties: false });

/**
 * Who decides a transition that needs approval: anyone with one of `roles`, or the owner's manager (the api knows
 * who that is), or either when both are given. Compile refuses an approval that names nobody.
 * @example { roles: ['manager'] } // or { ownerManager: true }
 */
export const ApprovalSpec = Type.Object(
  {
    roles: Type.Optional(Type.Array(Role, { minItems: 1, uniqueItems: true })),
    ownerManager: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

/**
 * A move between stages: from one or several stages, who may take it, its guard, required fields, reason and effects.
 * @example { key: 'win', name: { en: 'Win' }, from: ['negotiation'], to: 'won', roles: ['sales'], requiredFields: ['amount'] }
 */
export const Transition = Type.Object(
  {
    key: Key,
    name: LocalizedText,
    from: Type.Array(Key, { minItems: 1, uniqueItems: true }),
    to: Key,
    roles: Type.Optional(Type.Array(Role, { uniqueItems: true })),
    guard: Type.Optional(GuardSpec),
    requiredFields: Type.Optional(Type.Array(Type.String(), { uniqueItems: true })),
    reason: Type.Optional(
      Type.Object(
        { required: Type.Boolean(), options: Type.Array(Reason, { minItems: 1, maxItems: DEFINITION_LIMITS.reasonOptions }) },
        { additionalProperties: false },
      ),
    ),
    effects: Type.Optional(Type.Array(Effect, { maxItems: DEFINITION_LIMITS.effectsPerTransition })),
    allowProbabilityOverride: Type.Optional(Type.Boolean()),
    approval: Type.Optional(ApprovalSpec),
  },
  { additionalProperties: false },
);

/**
 * A rule fires its transition by itself when its condition becomes true after a change or an activity; `reason`
 * (one of the transition's reason keys) is the reason the fired transition records.
 * @example { key: 'unreachable', name: { en: 'Three unanswered calls' }, when: { '>=': [{ var: 'counters.unansweredCalls' }, 3] }, fire: 'disqualify', reason: 'no_answer_x3' }
 */
export const Rule = Type.Object(
  {
    key: Key,
    name: LocalizedText,
    when: JsonLogic,
    fire: Key,
    reason: Type.Optional(Key),
  },
  { additionalProperties: false },
);

/**
 * How a team shares the records a rule routes to it: in turn, in turn by weight, or to whoever has the fewest open.
 * @example ASSIGNMENT_STRATEGIES.includes('least_loaded') // → true
 */
export const ASSIGNMENT_STRATEGIES = ['round_robin', 'weighted_round_robin', 'least_loaded'] as const;

/**
 * The longest user id an assignment rule may name (the api's ids are shorter; user ids are tenant data the engine
 * cannot check, the api checks them when a version is published).
 * @example 'u_4f2a'.length <= USER_ID_MAX_LENGTH // → true
 */
export const USER_ID_MAX_LENGTH = 256;

/**
 * The highest weight of a member in a weighted round robin (the lowest is 1).
 * @example { strategy: 'weighted_round_robin', weights: { u_ann: MAX_ASSIGNMENT_WEIGHT } }
 */
export const MAX_ASSIGNMENT_WEIGHT = 100;
/** The highest cap of open records per owner: far above what one person can work. */
const MAX_CAPACITY = 100_000;

const UserId = Type.String({ minLength: 1, maxLength: USER_ID_MAX_LENGTH, description: 'A user id of the tenant.' });

/**
 * The people a rule routes to: everyone below a manager (transitively), a list of users, or everyone with a role.
 * Exactly one of the three; compile says so when there are more or none.
 * @example { manager: 'u_lee' } // or { users: ['u_ann', 'u_bob'] }, or { role: 'sales' }
 */
export const AssignmentTeam = Type.Object(
  {
    manager: Type.Optional(UserId),
    users: Type.Optional(Type.Array(UserId, { minItems: 1, maxItems: DEFINITION_LIMITS.teamUsers, uniqueItems: true })),
    role: Type.Optional(Role),
  },
  { additionalProperties: false },
);

/**
 * Who a rule routes to: one user, or a team with its strategy (and, for weighted_round_robin, weights by user id;
 * a member without a weight has 1). Exactly one of `user` and `team`; compile checks the combinations.
 * @example { team: { role: 'sales' }, strategy: 'weighted_round_robin', weights: { u_ann: 2 } }
 */
export const AssignmentTarget = Type.Object(
  {
    user: Type.Optional(UserId),
    team: Type.Optional(AssignmentTeam),
    strategy: Type.Optional(StringEnum(ASSIGNMENT_STRATEGIES)),
    weights: Type.Optional(Type.Record(UserId, Type.Integer({ minimum: 1, maximum: MAX_ASSIGNMENT_WEIGHT }), { maxProperties: DEFINITION_LIMITS.teamUsers })),
  },
  { additionalProperties: false },
);

/**
 * An assignment rule: the first whose `when` holds for a record without an owner routes it to its target
 * (`when` absent: every record). Like Salesforce's assignment rule entries.
 * @example { key: 'enterprise', name: { en: 'Enterprise leads' }, when: { '>=': [{ var: 'seats' }, 500] }, target: { user: 'u_lee' } }
 */
export const AssignmentRule = Type.Object(
  {
    key: Key,
    name: LocalizedText,
    when: Type.Optional(JsonLogic),
    target: AssignmentTarget,
  },
  { additionalProperties: false },
);

/**
 * How a definition routes records without an owner: ordered rules (first match wins) and an optional cap of open
 * records per owner, counted in `stages` (default: every stage without an outcome).
 * @example { rules: [{ key: 'sales', name: { en: 'Sales team' }, target: { team: { role: 'sales' }, strategy: 'round_robin' } }], capacity: { max: 20 } }
 */
export const Assignment = Type.Object(
  {
    rules: Type.Array(AssignmentRule, { minItems: 1, maxItems: DEFINITION_LIMITS.assignmentRules }),
    capacity: Type.Optional(
      Type.Object(
        {
          max: Type.Integer({ minimum: 1, maximum: MAX_CAPACITY }),
          stages: Type.Optional(Type.Array(Key, { minItems: 1, maxItems: DEFINITION_LIMITS.stages, uniqueItems: true })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

/**
 * A pipeline: a named way into the funnel (hunters start at lead, farmers at SRL), with the win probability of
 * stages where this pipeline's records win more or less often than the stage's own (new business ~30 %, existing
 * customers ~75 %).
 * @example { key: 'existing_customers', name: { en: 'Existing customers' }, entryStage: 'srl', probabilities: { opportunity: 40 } }
 */
export const Pipeline = Type.Object(
  {
    key: Key,
    name: LocalizedText,
    entryStage: Key,
    probabilities: Type.Optional(
      Type.Record(Type.String({ pattern: KEY_PATTERN }), Type.Number({ minimum: 0, maximum: MAX_PROBABILITY }), {
        maxProperties: DEFINITION_LIMITS.stages,
      }),
    ),
  },
  { additionalProperties: false },
);

/**
 * The kinds of activity a record logs, as engagement scoring names them.
 * @example ACTIVITY_TYPES.includes('meeting') // → true
 */
export const ACTIVITY_TYPES = ['call', 'email', 'meeting', 'note'] as const;

/**
 * The outcomes an engagement rule may name, per activity type: a call's outcome, an email's direction.
 * @example ACTIVITY_OUTCOMES.call.includes('answered') // → true
 */
export const ACTIVITY_OUTCOMES: Readonly<Record<(typeof ACTIVITY_TYPES)[number], readonly string[]>> = {
  call: ['answered', 'unanswered', 'wrong_number', 'busy'],
  email: ['outbound', 'inbound'],
  meeting: [],
  note: [],
};

/** The most points one scoring rule may give or take. */
const MAX_RULE_POINTS = 1_000;

/**
 * A fit rule: `points` (negative to take away) while `when` holds for the record (title, seniority, industry,
 * region, size, revenue).
 * @example { key: 'enterprise', name: { en: '500+ seats' }, when: { '>=': [{ var: 'seats' }, 500] }, points: 30 }
 */
export const FitRule = Type.Object(
  {
    key: Key,
    name: LocalizedText,
    when: JsonLogic,
    points: Type.Integer({ minimum: -MAX_RULE_POINTS, maximum: MAX_RULE_POINTS }),
  },
  { additionalProperties: false },
);

/**
 * An engagement rule: `points` for each logged activity of its type (and one of `outcomes`, when given), halved
 * every `halfLife` after the activity (never, without one).
 * @example { key: 'answered_call', name: { en: 'Answered call' }, activity: 'call', outcomes: ['answered'], points: 10, halfLife: 'P14D' }
 */
export const EngagementRule = Type.Object(
  {
    key: Key,
    name: LocalizedText,
    activity: StringEnum(ACTIVITY_TYPES),
    outcomes: Type.Optional(Type.Array(Type.String(), { minItems: 1, uniqueItems: true })),
    points: Type.Integer({ minimum: -MAX_RULE_POINTS, maximum: MAX_RULE_POINTS }),
    halfLife: Type.Optional(IsoDuration),
  },
  { additionalProperties: false },
);

/** The highest maximum a score may have. */
const MAX_SCORE_MAXIMUM = 10_000;

/**
 * How a record is scored: fit points plus decayed engagement points, rounded and kept between 0 and `max`. Guards,
 * rules and conditions read it as `record.score` (with `record.fitScore` and `record.engagementScore`).
 * @example { max: 100, fit: [{ key: 'vp', name: { en: 'VP or above' }, when: { in: [{ var: 'seniority' }, ['vp', 'c_level']] }, points: 20 }], engagement: [] }
 */
export const Scoring = Type.Object(
  {
    max: Type.Integer({ minimum: 1, maximum: MAX_SCORE_MAXIMUM }),
    fit: Type.Optional(Type.Array(FitRule, { maxItems: DEFINITION_LIMITS.fitRules })),
    engagement: Type.Optional(Type.Array(EngagementRule, { maxItems: DEFINITION_LIMITS.engagementRules })),
  },
  { additionalProperties: false },
);

/**
 * What happens to a probability set by hand: the `override` policy on a stage change (a stage may say otherwise),
 * and who may set a record's probability outside a transition (default: managers and admins).
 * @example { override: 'keep', setRoles: ['manager'] }
 */
export const ProbabilityPolicy = Type.Object(
  {
    override: ProbabilityOverridePolicy,
    setRoles: Type.Optional(Type.Array(Role, { minItems: 1, uniqueItems: true })),
  },
  { additionalProperties: false },
);

/**
 * The JSON Schema of a Funnel workflow definition: the one source of truth.
 * TypeScript types below are derived from it with `Static`, never written twice;
 * `definition.schema.json` is printed from it for other languages and tools.
 *
 * @example
 *   validateDefinition(JSON.parse(text)) // → { ok: true, definition } | { ok: false, diagnostics }
 */
export const WorkflowDefinition = Type.Object(
  {
    schemaVersion: Type.Literal(SCHEMA_VERSION),
    key: Key,
    name: LocalizedText,
    description: Type.Optional(LocalizedText),
    currency: Type.Optional(Type.String({ pattern: CURRENCY_PATTERN })),
    fields: FieldsSchema,
    initialStage: Key,
    pipelines: Type.Optional(Type.Array(Pipeline, { maxItems: DEFINITION_LIMITS.pipelines })),
    stages: Type.Array(Stage, { minItems: 1, maxItems: DEFINITION_LIMITS.stages }),
    transitions: Type.Array(Transition, { maxItems: DEFINITION_LIMITS.transitions }),
    rules: Type.Optional(Type.Array(Rule, { maxItems: DEFINITION_LIMITS.rules })),
    assignment: Type.Optional(Assignment),
    scoring: Type.Optional(Scoring),
    probabilities: Type.Optional(ProbabilityPolicy),
  },
  { additionalProperties: false, $id: 'https://funnel.dev/schemas/workflow-definition.json' },
);

/** The TypeScript types, each derived from the schema of the same name (never written twice). @example const stage: Stage = definition.stages[0]!; */
export type LocalizedText = Static<typeof LocalizedText>;
export type Locale = (typeof LOCALES)[number];
export type Role = Static<typeof Role>;
export type Phase = Static<typeof Phase>;
export type ForecastCategory = Static<typeof ForecastCategory>;
export type Outcome = Static<typeof Outcome>;
export type FieldSpec = Static<typeof FieldSpec>;
export type FieldsSchema = Static<typeof FieldsSchema>;
export type ExtensionPolicy = Static<typeof ExtensionPolicy>;
export type Timer = Static<typeof Timer>;
export type NurtureCadence = Static<typeof NurtureCadence>;
export type PoolSpec = Static<typeof PoolSpec>;
export type GuardSpec = Static<typeof GuardSpec>;
export type Stage = Static<typeof Stage>;
export type Effect = Static<typeof Effect>;
export type Reason = Static<typeof Reason>;
export type Transition = Static<typeof Transition>;
export type Rule = Static<typeof Rule>;
export type AssignmentStrategy = (typeof ASSIGNMENT_STRATEGIES)[number];
export type AssignmentTeam = Static<typeof AssignmentTeam>;
export type AssignmentTarget = Static<typeof AssignmentTarget>;
export type AssignmentRule = Static<typeof AssignmentRule>;
export type Assignment = Static<typeof Assignment>;
export type Pipeline = Static<typeof Pipeline>;
export type TimerOrigin = (typeof TIMER_ORIGINS)[number];
export type StageGuidance = Static<typeof StageGuidance>;
export type ProbabilityOverridePolicy = (typeof PROBABILITY_OVERRIDE_POLICIES)[number];
export type ApprovalSpec = Static<typeof ApprovalSpec>;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];
export type FitRule = Static<typeof FitRule>;
export type EngagementRule = Static<typeof EngagementRule>;
export type Scoring = Static<typeof Scoring>;
export type ProbabilityPolicy = Static<typeof ProbabilityPolicy>;
export type WorkflowDefinition = Static<typeof WorkflowDefinition>;
export type JsonLogic = unknown;

/** The schema as plain JSON (TypeBox adds symbol keys only, which JSON drops). */
export function definitionJsonSchema(): TSchema {
  return JSON.parse(JSON.stringify(WorkflowDefinition)) as TSchema;
}
