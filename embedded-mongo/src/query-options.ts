import type { Options } from 'mingo/types';

/**
 * The mingo options every query, update and pipeline runs with: scripts are refused
 * (`$where`, `$function`, `$accumulator`), because tenant data must never be executed.
 * @example new Query(filter, queryOptions)
 */
export const queryOptions: Partial<Options> = { scriptEnabled: false };
