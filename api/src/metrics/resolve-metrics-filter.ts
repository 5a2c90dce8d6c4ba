import { filterOwners, type MetricsFilter } from '@funnel/engine';
import type { Diagnostic, WorkflowDefinition } from '@funnel/schemas';
import { ValidationFailedError } from '../errors';
import type { Models } from '../models/models';
import { managerMap } from './manager-map';

/**
 * What a report was asked to narrow to (docs/api.md "Metrics"): a pipeline key, owner ids, a team (a manager's id), a
 * lead source.
 */
export interface MetricsFilterRequest {
  pipeline?: string | null | undefined;
  owners?: readonly string[] | null | undefined;
  team?: string | null | undefined;
  source?: string | null | undefined;
}

/**
 * The engine's filter of a report's request: the pipeline checked against the workflow, the owners and the team's
 * manager against the tenant's users, the team resolved to its members today (the manager and everyone below them),
 * among `owners` when both are given. Undefined when nothing narrows. Throws `ValidationFailedError` naming each
 * unknown pipeline or user by its pointer (`/filter/pipeline`, `/filter/owners/<n>`, `/filter/team`), and a source
 * given to a report that takes none (`/filter/source`).
 * @example await resolveMetricsFilter({ models, tenantId, definition, filter: { team: 'u_meg' } }) // → { owners: ['u_meg', 'u_ann'] }
 */
export async function resolveMetricsFilter(input: {
  models: Models;
  tenantId: string;
  definition: WorkflowDefinition;
  filter: MetricsFilterRequest | null | undefined;
  /** The report this is for takes no lead source (calibrations): one given is refused at `/filter/source`. */
  withoutSource?: boolean;
}): Promise<MetricsFilter | undefined> {
  const { filter, definition } = input;
  if (!filter) return undefined;
  const pipeline = filter.pipeline ?? undefined;
  const owners = filter.owners ?? undefined;
  const team = filter.team ?? undefined;
  const managers = owners !== undefined || team !== undefined ? await managerMap(input.models, input.tenantId) : {};
  const diagnostics = [
    ...unknownPipeline({ definition, pipeline }),
    ...(owners ?? []).flatMap((owner, i) => unknownUser({ managers, id: owner, pointer: `/filter/owners/${i}`, what: 'an owner' })),
    ...(team === undefined ? [] : unknownUser({ managers, id: team, pointer: '/filter/team', what: 'a team' })),
    ...(input.withoutSource && filter.source != null ? [SOURCE_NOT_ALLOWED] : []),
  ];
  if (diagnostics.length > 0) throw new ValidationFailedError(diagnostics);
  const kept = filterOwners({ owners, team, managers });
  const source = filter.source ?? undefined;
  if (pipeline === undefined && kept === undefined && source === undefined) return undefined;
  return { ...(pipeline !== undefined ? { pipeline } : {}), ...(kept ? { owners: kept } : {}), ...(source !== undefined ? { source } : {}) };
}

const SOURCE_NOT_ALLOWED: Diagnostic = {
  severity: 'error',
  code: 'not_allowed',
  pointer: '/filter/source',
  message: 'a lead source narrows time to first touch (funnel), the pipeline and velocity, not a calibration',
};

function unknownPipeline(input: { definition: WorkflowDefinition; pipeline: string | undefined }): Diagnostic[] {
  const known = (input.definition.pipelines ?? []).map((p) => p.key);
  if (input.pipeline === undefined || known.includes(input.pipeline)) return [];
  const message = `"${input.pipeline}" is not a pipeline of ${input.definition.key}; its pipelines: ${known.join(', ') || 'none'}`;
  return [{ severity: 'error', code: 'unknown_pipeline', pointer: '/filter/pipeline', message }];
}

function unknownUser(input: { managers: Readonly<Record<string, unknown>>; id: string; pointer: string; what: string }): Diagnostic[] {
  if (Object.hasOwn(input.managers, input.id)) return [];
  return [{ severity: 'error', code: 'unknown_user', pointer: input.pointer, message: `"${input.id}" names no user of this tenant (as ${input.what})` }];
}
