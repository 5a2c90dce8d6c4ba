import { compile, type CompiledWorkflow } from '@funnel/engine';
import DataLoader from 'dataloader';
import { LRUCache } from 'lru-cache';
import { systemClock, type Clock } from '../clock';
import type { Models } from '../models/models';
import { NotFoundError, ValidationFailedError } from '../errors';
import { answerByGroup } from './answer-by-group';
import { nextTurn } from './next-turn';

/** A workflow of a tenant, as the latest-version loader keys it. */
type WorkflowKey = { tenantId: string; key: string };

/** Compiled versions one process holds: each is a few hundred kilobytes at most; tenants' working sets are a version or two. */
const COMPILED_VERSIONS_MAX = 1_000;
/** Latest version numbers one process keeps for creates (see `WorkflowCatalog.forCreate`): a few dozen bytes each. */
const KEPT_LATEST_MAX = 10_000;

/** A latest version number as read, and when (the catalog's clock). */
interface KeptLatest {
  version: number;
  readAt: number;
}

const workflowId = (input: WorkflowKey) => `${input.tenantId}\u0000${input.key}`;

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

  /** The latest version number of each workflow recently created on, for `forCreate`. */
  private readonly keptLatest = new LRUCache<string, KeptLatest>({ max: KEPT_LATEST_MAX });

  /**
   * `keepLatestMs`: how long `forCreate` answers from the version number it read last (ApiConfig.workflowLatestTtlMs;
   * 0: it reads every turn, as `latest` does); `clock`: the time that is measured on.
   */
  constructor(
    private readonly models: Models,
    private readonly keep: { keepLatestMs: number; clock: Clock } = { keepLatestMs: 0, clock: systemClock },
  ) {}

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
   * The version a new record is created on: the latest published, as this process read it within `keepLatestMs`
   * (a version published by this process since is seen at once, see `published`). A create that reads it a moment
   * before another process's publish lands on the previous version too: one within the window is the same as a
   * create racing the publish, and the record runs on its version's definition until migrated. A workflow never
   * published is read again each time (its first publish is seen at once).
   * @example const workflow = await catalog.forCreate({ tenantId, key: 'standard_trunk' })
   */
  async forCreate(input: WorkflowKey): Promise<CompiledWorkflow> {
    const id = workflowId(input);
    const kept = this.keptLatest.get(id);
    // A clock stepped back (a negative age) ends the window rather than stretching it.
    const age = kept ? this.keep.clock.now() - kept.readAt : Number.NaN;
    if (kept && age >= 0 && age < this.keep.keepLatestMs) return this.version({ ...input, version: kept.version });
    const readAt = this.keep.clock.now();
    const workflow = await this.latest(input);
    this.keepLatest(id, { version: workflow.version, readAt });
    return workflow;
  }

  /** Tells the catalog this process published `version` of a workflow: its creates are on it from now on. */
  published(input: WorkflowKey & { version: number }): void {
    this.keepLatest(workflowId(input), { version: input.version, readAt: this.keep.clock.now() });
  }

  /** Keeps a latest version number unless a higher one is kept (a slower read must not take a publish back). */
  private keepLatest(id: string, latest: KeptLatest): void {
    const held = this.keptLatest.peek(id);
    if (this.keep.keepLatestMs === 0 || (held && held.version > latest.version)) return;
    this.keptLatest.set(id, latest);
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
