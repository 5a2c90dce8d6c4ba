/**
 * The closed set of diagnostic codes the engine reports (compile and migration plans), besides the schema's
 * `schema.<ajv keyword>` codes. Expected refusals at run time are typed results (`Decision`, `Blocker`), not errors.
 * @example ENGINE_DIAGNOSTIC_CODES.includes('compile.dead_end') // → true
 */
export const ENGINE_DIAGNOSTIC_CODES = [
  'compile.duplicate_key',
  'compile.unknown_stage',
  'compile.unknown_transition',
  'compile.transition_not_from_stage',
  'compile.claim_without_transition',
  'compile.unknown_field',
  'compile.reserved_field',
  'compile.unreachable_stage',
  'compile.dead_end',
  'compile.warning_too_early',
  'compile.pattern_unsupported',
  'compile.duration_too_long',
  'compile.unknown_reason',
  'compile.assignment_target',
  'compile.assignment_strategy',
  'compile.unknown_member',
  'compile.capacity_closing_stage',
  'compile.assignment_without_pool',
  'compile.scoring_outcome',
  'compile.scoring_half_life',
  'compile.score_reads_score',
  'compile.probability_closing_stage',
  'compile.approval_approvers',
  'guard.operator',
  'guard.arity',
  'guard.arguments',
  'guard.unknown_var',
  'migration.unknown_stage',
  'migration.rename_unmapped',
  'migration.rename_same_key',
] as const;

/** One of ENGINE_DIAGNOSTIC_CODES, e.g. `'compile.unreachable_stage'`. */
export type EngineDiagnosticCode = (typeof ENGINE_DIAGNOSTIC_CODES)[number];
