/**
 * The kinds of operation that cost the server much more than a record write, and that each tenant may run
 * only a few of at once (`tenantConcurrency` in the config): metrics reports, CSV imports, definition
 * validation (validate, save draft, publish), migrations (plan and run) and CSV exports.
 */
export const HEAVY_OPERATIONS = ['metrics', 'import', 'validation', 'migration', 'export'] as const;
export type HeavyOperation = (typeof HEAVY_OPERATIONS)[number];

/** How a Busy message names several operations of a kind. */
export const HEAVY_OPERATION_NAMES: Record<HeavyOperation, string> = {
  metrics: 'metrics reports',
  import: 'imports',
  validation: 'workflow validations',
  migration: 'migrations',
  export: 'exports',
};
