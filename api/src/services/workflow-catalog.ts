import { compile, type CompiledWorkflow } from '@funnel/engine';
import type { Models } from '../models/models';
import { NotFoundError, ValidationFailedError } from '../errors';

/**
 * Compiled published workflow versions, cached in-process: a published version is immutable,
 * so the cache never needs invalidating and any number of processes may hold it.
 * @example const workflow = await catalog.version({ tenantId, key: 'standard_trunk', version: 1 })
 */
export class WorkflowCatalog {
  private readonly compiled = new Map<string, Promise<CompiledWorkflow>>();

  constructor(private readonly models: Models) {}

  /** A published version, compiled once. */
  version(input: { tenantId: string; key: string; version: number }): Promise<CompiledWorkflow> {
    const id = `${input.tenantId}\u0000${input.key}\u0000${input.version}`;
    let found = this.compiled.get(id);
    if (!found) {
      found = this.load(input);
      this.compiled.set(id, found);
      found.catch(() => this.compiled.delete(id));
    }
    return found;
  }

  /** The latest published version of a workflow. */
  async latest(input: { tenantId: string; key: string }): Promise<CompiledWorkflow> {
    const workflow = await this.models.Workflow.findOne({ tenantId: input.tenantId, key: input.key }, { latestVersion: 1 }).lean();
    if (!workflow || workflow.latestVersion === 0) throw new NotFoundError({ what: 'published workflow', id: input.key, pointer: '/workflowKey' });
    return this.version({ ...input, version: workflow.latestVersion });
  }

  private async load(input: { tenantId: string; key: string; version: number }): Promise<CompiledWorkflow> {
    const doc = await this.models.WorkflowVersion.findOne({
      tenantId: input.tenantId,
      workflowKey: input.key,
      version: input.version,
    }).lean();
    if (!doc) throw new NotFoundError({ what: 'workflow version', id: `${input.key}@${input.version}` });
    const result = compile(doc.definition, { version: doc.version, published: true });
    if (!result.ok) throw new ValidationFailedError(result.diagnostics);
    return result.workflow;
  }
}
