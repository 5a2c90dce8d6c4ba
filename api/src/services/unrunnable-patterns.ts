import { escapePointer, unsupportedPatternReason, type WorkflowDefinition } from '@funnel/schemas';
import type { Models } from '../models/models';

/** A field pattern of a published version that RE2 cannot run: writes to the field are refused until a new version. */
export interface UnrunnablePattern {
  tenantId: string;
  workflowKey: string;
  version: number;
  pointer: string;
  pattern: string;
  reason: string;
}

/**
 * Every field pattern of every published version, of every tenant, that cannot run in linear time: only a
 * version published before patterns were checked can have one. The api lists them at start-up, so an operator
 * can tell the tenants' admins; the engine already refuses values of those fields (field.pattern_unsupported).
 * Reads across tenants through `Model.collection`, on purpose, as the sweeper does.
 * @example await findUnrunnablePatterns(models) // → [{ tenantId, workflowKey: 'standard_trunk', version: 2, pointer: '/fields/properties/phone/pattern', … }]
 */
export async function findUnrunnablePatterns(models: Models): Promise<UnrunnablePattern[]> {
  const versions = models.WorkflowVersion.collection.find<{
    tenantId: string;
    workflowKey: string;
    version: number;
    definition?: Pick<WorkflowDefinition, 'fields'>;
  }>({}, { projection: { tenantId: 1, workflowKey: 1, version: 1, 'definition.fields.properties': 1 } });
  const found: UnrunnablePattern[] = [];
  for await (const doc of versions) {
    for (const [name, spec] of Object.entries(doc.definition?.fields?.properties ?? {})) {
      if (typeof spec?.pattern !== 'string') continue;
      const reason = unsupportedPatternReason(spec.pattern);
      if (reason === null) continue;
      const { tenantId, workflowKey, version } = doc;
      found.push({ tenantId, workflowKey, version, pointer: `/fields/properties/${escapePointer(name)}/pattern`, pattern: spec.pattern, reason });
    }
  }
  return found;
}

/** The start-up log line for one unrunnable pattern. */
export function describeUnrunnablePattern(p: UnrunnablePattern): string {
  return `Funnel: tenant ${p.tenantId}, workflow ${p.workflowKey} version ${p.version}: the pattern at ${p.pointer} (${JSON.stringify(p.pattern)}) cannot run in linear time (${p.reason}); writes to that field are refused until the tenant's admin publishes a new version`;
}
