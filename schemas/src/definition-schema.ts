import { Type, type Static, type TSchema, type SchemaOptions } from '@sinclair/typebox';

/** A string from a closed set, as a plain JSON Schema `enum` so errors read "must be one of …". */
function StringEnum<const T extends readonly string[]>(values: T, options: SchemaOptions = {}) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

/**
 * The JSON Schema of a Funnel workflow definition: the one source of truth.
 * TypeScript types below are derived from it with `Static`, never written twice;
 * `definition.schema.json` is printed from it for other languages and tools.
 *
 * @example
 *   validateDefinition(JSON.parse(text)) // → { ok: true, definition } | { ok: false, diagnostics }
 */

/** The version of the definition format this package reads and writes. */
export const SCHEMA_VERSION = 1;

/** Locales Funnel ships names in. English is always required; the others fall back to it. */
export const LOCALES = ['en', 'zh-Hans', 'zh-Hant'] as const;

const Key = Type.String({
  pattern: '^[a-z][a-z0-9_]*$',
  maxLength: 64,
  description: 'A machine key: lower-case letters, digits and underscores, starting with a letter.',
});

/** An ISO-8601 duration such as P7D, PT12H or P1M (no fractions, no negative values). */
export const IsoDuration = Type.String({
  pattern: '^P(?!$)(\\d+Y)?(\\d+M)?(\\d+W)?(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+S)?)?$',
  description: 'An ISO-8601 duration such as P7D (7 days), PT12H (12 hours) or P1M (1 month).',
});

export const LocalizedText = Type.Object(
  {
    en: Type.String({ minLength: 1, maxLength: 200 }),
    'zh-Hans': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    'zh-Hant': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false, description: 'A text in English, Simplified and Traditional Chinese.' },
);

export const ROLES = ['admin', 'manager', 'sales', 'marketing', 'integration'] as const;
export const Role = StringEnum(ROLES, { description: 'A role an API key or user holds.' });

export const PHASES = ['lead', 'opportunity', 'order'] as const;
export const Phase = StringEnum(PHASES);

export const FORECAST_CATEGORIES = ['omitted', 'pipeline', 'best_case', 'commit', 'closed'] as const;
export const ForecastCategory = StringEnum(FORECAST_CATEGORIES);

export const OUTCOMES = ['won', 'lost'] as const;
export const Outcome = StringEnum(OUTCOMES);

/**
 * A json-logic rule, kept as data. Which operators are allowed is checked by the
 * engine's compile step (an allow-list), not by the schema.
 */
export const JsonLogic = Type.Unknown({ description: 'A json-logic expression.' });

export const FIELD_TYPES = ['string', 'number', 'integer', 'boolean', 'array'] as const;
export const FieldType = StringEnum(FIELD_TYPES);

export const FIELD_FORMATS = ['email', 'phone', 'date', 'date-time', 'uri', 'currency'] as const;

/** One field of a record, in the subset of JSON Schema the designer's form can edit. */
export const FieldSpec = Type.Object(
  {
    type: FieldType,
    title: Type.Optional(LocalizedText),
    format: Type.Optional(StringEnum(FIELD_FORMATS)),
    enum: Type.Optional(Type.Array(Type.Union([Type.String(), Type.Number()]), { minItems: 1, uniqueItems: true })),
    minimum: Type.Optional(Type.Number()),
    maximum: Type.Optional(Type.Number()),
    minLength: Type.Optional(Type.Integer({ minimum: 0 })),
    maxLength: Type.Optional(Type.Integer({ minimum: 0 })),
    pattern: Type.Optional(Type.String()),
    items: Type.Optional(
      Type.Object(
        {
          type: StringEnum(['string', 'number'] as const),
          enum: Type.Optional(Type.Array(Type.Union([Type.String(), Type.Number()]))),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

/** The JSON Schema of a record's fields: an object of named fields. */
export const FieldsSchema = Type.Object(
  {
    type: Type.Literal('object'),
    properties: Type.Record(Type.String({ pattern: '^[a-zA-Z][a-zA-Z0-9_]*$' }), FieldSpec),
    required: Type.Optional(Type.Array(Type.String(), { uniqueItems: true })),
  },
  { additionalProperties: false },
);

/** How a due timer may be pushed back: "extension of 7 days approved by a manager, at most 2 per lead, at most 10 extended leads per salesperson". */
export const ExtensionPolicy = Type.Object(
  {
    length: IsoDuration,
    maxPerRecord: Type.Integer({ minimum: 1, maximum: 100 }),
    approverRoles: Type.Array(Role, { minItems: 1, uniqueItems: true }),
    maxOpenPerOwner: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
  },
  { additionalProperties: false },
);

/** A timer armed when a record enters its stage; when due it fires `action.transition`. */
export const Timer = Type.Object(
  {
    key: Key,
    name: Type.Optional(LocalizedText),
    after: IsoDuration,
    action: Type.Object({ transition: Key }, { additionalProperties: false }),
    warnBefore: Type.Optional(IsoDuration),
    extension: Type.Optional(ExtensionPolicy),
  },
  { additionalProperties: false },
);

/** A nurture cadence for records in a pool stage: the next touch is due `every` after the last one. */
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

export const POOL_KINDS = ['public', 'nurture', 'dormant'] as const;

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
    nurture: Type.Optional(Type.Array(NurtureCadence)),
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

export const Stage = Type.Object(
  {
    key: Key,
    name: LocalizedText,
    phase: Phase,
    probability: Type.Number({ minimum: 0, maximum: 100 }),
    forecastCategory: ForecastCategory,
    outcome: Type.Optional(Outcome),
    terminal: Type.Optional(Type.Boolean()),
    requiredFields: Type.Optional(Type.Array(Type.String(), { uniqueItems: true })),
    timers: Type.Optional(Type.Array(Timer)),
    pool: Type.Optional(PoolSpec),
    position: Type.Optional(Type.Object({ x: Type.Number(), y: Type.Number() }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);

const EFFECT_VARIANTS = [
  Type.Object({ type: Type.Literal('assign_to_actor') }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('clear_owner') }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('set_field'), field: Type.String(), value: Type.Unknown() }, { additionalProperties: false }),
  Type.Object(
    { type: Type.Literal('increment'), counter: Type.String(), by: Type.Optional(Type.Integer()) },
    { additionalProperties: false },
  ),
  Type.Object({ type: Type.Literal('reset_counter'), counter: Type.String() }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('exclude_from_performance') }, { additionalProperties: false }),
  Type.Object(
    { type: Type.Literal('notify'), to: StringEnum(['owner', 'manager', 'previous_owner'] as const) },
    { additionalProperties: false },
  ),
] as const;

/** What a transition does besides moving the record; a union tagged by `type` (ajv's discriminator gives one error, not one per variant). */
export const Effect = Type.Unsafe<Static<(typeof EFFECT_VARIANTS)[number]>>({
  type: 'object',
  required: ['type'],
  discriminator: { propertyName: 'type' },
  oneOf: EFFECT_VARIANTS,
});
export const EFFECT_TYPES = ['assign_to_actor', 'clear_owner', 'set_field', 'increment', 'reset_counter', 'exclude_from_performance', 'notify'] as const;

export const Reason = Type.Object({ key: Key, name: LocalizedText }, { additionalProperties: false });

export const Transition = Type.Object(
  {
    key: Key,
    name: LocalizedText,
    from: Type.Array(Key, { minItems: 1, uniqueItems: true }),
    to: Key,
    roles: Type.Optional(Type.Array(Role, { uniqueItems: true })),
    guard: Type.Optional(Type.Object({ logic: JsonLogic, message: LocalizedText }, { additionalProperties: false })),
    requiredFields: Type.Optional(Type.Array(Type.String(), { uniqueItems: true })),
    reason: Type.Optional(
      Type.Object(
        { required: Type.Boolean(), options: Type.Array(Reason, { minItems: 1 }) },
        { additionalProperties: false },
      ),
    ),
    effects: Type.Optional(Type.Array(Effect)),
    allowProbabilityOverride: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

/** A rule fires its transition by itself when its condition becomes true after a change or an activity. */
export const Rule = Type.Object(
  {
    key: Key,
    name: LocalizedText,
    when: JsonLogic,
    fire: Key,
  },
  { additionalProperties: false },
);

/** A pipeline: a named way into the funnel (hunters start at lead, farmers at SRL). */
export const Pipeline = Type.Object(
  { key: Key, name: LocalizedText, entryStage: Key },
  { additionalProperties: false },
);

export const WorkflowDefinition = Type.Object(
  {
    schemaVersion: Type.Literal(SCHEMA_VERSION),
    key: Key,
    name: LocalizedText,
    description: Type.Optional(LocalizedText),
    currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
    fields: FieldsSchema,
    initialStage: Key,
    pipelines: Type.Optional(Type.Array(Pipeline)),
    stages: Type.Array(Stage, { minItems: 1 }),
    transitions: Type.Array(Transition),
    rules: Type.Optional(Type.Array(Rule)),
  },
  { additionalProperties: false, $id: 'https://funnel.dev/schemas/workflow-definition.json' },
);

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
export type Stage = Static<typeof Stage>;
export type Effect = Static<typeof Effect>;
export type Reason = Static<typeof Reason>;
export type Transition = Static<typeof Transition>;
export type Rule = Static<typeof Rule>;
export type Pipeline = Static<typeof Pipeline>;
export type WorkflowDefinition = Static<typeof WorkflowDefinition>;
export type JsonLogic = unknown;

/** The schema as plain JSON (TypeBox adds symbol keys only, which JSON drops). */
export function definitionJsonSchema(): TSchema {
  return JSON.parse(JSON.stringify(WorkflowDefinition)) as TSchema;
}
