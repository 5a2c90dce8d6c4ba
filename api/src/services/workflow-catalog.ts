import { compile, type CompiledWorkflow } from '@funnel/engine';
import DataLoader from 'dataloader';
import { LRUCache } from 'lru-cache';
import type { Models } from '../models/models';
import { NotFoundError, ValidationFailedError } from '../errors';
import { answerByGroup } from './answer-by-group';
import { nextTurn } from './next-turn';

/** A workflow of a tenant, as the latest-version loader keys it. */
type WorkflowKey = { tenantId: string; key: string };

/** Compiled versions one process holds: each is a few hundred kilobytes at most; tenants' working sets are a version or two. */
const COMPILED_VERSIONS_MAX = 1_000;

/**
 * Compiled published workflow versions, cached in-process: a published version is immutable,
 * so the cache never needs invalidating and any number of processes may hold it. Bounded: the least recently
 * used version is compiled again when asked for.
 * @example const workflow = await catalog.version({ tenantId, key: 'standard_trunk', version: 1 })
 */
export class WorkflowCatalog {
  private readonly compiled = new LRUCache<string, Promise<CompiledWorkflow>>({ max: COMPILED_VERSIONS_MAX });

  /**
   * The latest published version numbers asked for in one turn of the event loop, read with one `find` per tenant:
   * the creates that arrive together (a burst of an app's, an import's rows) share it. Not cached — a publish in
   * any process is seen by the next turn's read (keys repeat in a batch: without a cache DataLoader hands every load over).
   */
  private readonly latestVersions = new DataLoader<WorkflowKey, number, WorkflowKey>((keys) => this.readLatestVersions(keys), {
    cache: false,
    batchScheduleFn: nextTurn,
  });

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
    const latestVersion = await this.latestVersions.load({ tenantId: input.tenantId, key: input.key });
    if (latestVersion === 0) throw new NotFoundError({ what: 'published workflow', id: input.key, pointer: '/workflowKey' });
    return this.version({ ...input, version: latestVersion });
  }

  /**
   * Each workflow's latest published version (0: none, or no such workflow), in the order asked. Each tenant's read
   * stands alone: one that fails fails only that tenant's loads (as Errors in their places), never another tenant's.
   */
  private readLatestVersions(keys: readonly WorkflowKey[]): Promise<(number | Error)[]> {
    return answerByGroup(
      keys,
      (key) => key.tenantId,
      async (tenantId, ofTenant) => {
        const found = await this.models.Workflow.find(
          { tenantId, key: { $in: [...new Set(ofTenant.map((k) => k.key))] } },
          { key: 1, latestVersion: 1 },
        ).lean();
        const latest = new Map(found.map((workflow) => [workflow.key, workflow.latestVersion]));
        return (key) => latest.get(key.key) ?? 0;
      },
    );
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
