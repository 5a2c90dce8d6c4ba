import { Types, type mongo } from 'mongoose';
import type { AdminChange, AuditActor } from '../accounts/admin-changes';
import type { UserViewer } from '../auth/viewer';
import type { AuditEntryDoc } from '../models/audit-entry';
import { isDuplicateKey } from '../models/duplicate-key';
import type { Models } from '../models/models';

/** The models whose documents carry the entries of the changes made to them (models/audit-entry.ts, holdsAuditEntries). */
export type AuditHolderModel = 'User' | 'ApiKey' | 'WorkflowVersion' | 'Job' | 'WebhookEndpoint';

/** Documents with entries left on them that one page of the repair scan reads. */
const REPAIR_PAGE = 100;

/**
 * What a change's one write carries with it: spread `field` into the document it inserts, or `push` into its update
 * (both empty when the change changes nothing and so has no entry).
 */
export interface PendingAudit {
  field: { auditOutbox?: AuditEntryDoc[] };
  push: { $push?: { auditOutbox: AuditEntryDoc } };
}

/**
 * Who a viewer is in the audit log: a person signed in (`userId`), a person's key (`userId` and `keyId`) or an
 * integration's key (`keyId`).
 * @example auditActorOf(ctx.viewer) // → { userId: '65f…', keyId: '65e…' }
 */
export function auditActorOf(viewer: UserViewer): AuditActor {
  const { credential } = viewer;
  if (credential.kind === 'session') return { userId: viewer.user._id, keyId: null };
  return { userId: credential.integration ? null : viewer.user._id, keyId: credential.id };
}

/**
 * The audit log's writer. Every administrative change is written through `write` (users, API keys, workflow
 * publishes, migrations, webhook endpoints), which puts the change's entry in the same store
 * write as the change itself — on the document the write inserts or updates — then copies it into the log and takes
 * it off the document before the change is acknowledged. A process that stops in between leaves the entry on the
 * document, and the repair scan of any process copies it later (docs/decisions.md 30). Entries are inserted with
 * their ids, so a copy made twice is stored once; nothing updates or deletes an entry.
 * @example const audit = new AdminAudit({ models, repairIntervalMs: 60_000, log }); audit.start()
 */
export class AdminAudit {
  private timer: NodeJS.Timeout | null = null;
  private repairing: Promise<unknown> | null = null;

  constructor(private readonly input: { models: Models; repairIntervalMs: number; log: (line: string) => void }) {}

  /**
   * The one way an administrative change is written. `write` makes the change in one store write carrying `pending`
   * (the change's entry, unless `change` is null: nothing changed) on the document of `holder`, and returns what
   * it wrote, or null when it wrote nothing (a conditional write that missed): then nothing is logged. Resolves
   * once the entry is in the log.
   * @example await audit.write({ tenantId, actor, change, holder: { model: 'ApiKey', id }, write: (pending) => ApiKey.findOneAndUpdate(filter, { $set, ...pending.push }) })
   */
  async write<T>(input: {
    tenantId: string;
    actor: AuditActor;
    change: AdminChange | null;
    holder: { model: AuditHolderModel; id: string };
    write: (pending: PendingAudit) => Promise<T | null>;
  }): Promise<T | null> {
    const entry = input.change ? auditEntry({ tenantId: input.tenantId, actor: input.actor, change: input.change }) : null;
    const written = await input.write(entry ? { field: { auditOutbox: [entry] }, push: { $push: { auditOutbox: entry } } } : { field: {}, push: {} });
    if (written !== null && entry) await this.settle({ tenantId: input.tenantId, holder: input.holder, entries: [entry] });
    return written;
  }

  /** Copies the entries left on documents (by a process that stopped between a change and its copy) into the log. */
  async repair(): Promise<number> {
    let copied = 0;
    for (const model of ['User', 'ApiKey', 'WorkflowVersion', 'Job', 'WebhookEndpoint'] as const) {
      let afterId: string | null = null;
      for (;;) {
        // Across tenants on purpose, like the sweeper's scan: each document names its tenant.
        const filter = { 'auditOutbox._id': { $exists: true }, ...(afterId === null ? {} : { _id: { $gt: afterId } }) };
        const page = (await this.collection(model)
          .find(filter as never, { projection: { tenantId: 1, auditOutbox: 1 } })
          .sort({ _id: 1 })
          .limit(REPAIR_PAGE)
          .toArray()) as unknown as { _id: string; tenantId: string; auditOutbox: AuditEntryDoc[] }[];
        for (const doc of page) {
          await this.settle({ tenantId: doc.tenantId, holder: { model, id: doc._id }, entries: doc.auditOutbox });
          copied += doc.auditOutbox.length;
        }
        const last = page[page.length - 1];
        if (!last || page.length < REPAIR_PAGE) break;
        afterId = last._id;
      }
    }
    return copied;
  }

  /** Repairs at once (a process starting takes over what a stopped one left) and every `repairIntervalMs`; 0: never. */
  start(): void {
    if (this.input.repairIntervalMs <= 0 || this.timer) return;
    const tick = () => {
      this.repairing = this.repair()
        .catch((error: Error) => this.input.log(`audit log repair failed (entries stay on their documents for the next): ${error.message}`))
        .finally(() => {
          this.repairing = null;
          if (this.timer) this.timer = setTimeout(tick, this.input.repairIntervalMs).unref();
        });
    };
    this.timer = setTimeout(tick, 0).unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.repairing;
  }

  /**
   * Copies entries into the log, then takes them off their document: the whole outbox in one conditional write
   * when they are all it holds (the usual case, leaving the document as it was), else a pull of their ids.
   */
  private async settle(input: { tenantId: string; holder: { model: AuditHolderModel; id: string }; entries: AuditEntryDoc[] }): Promise<void> {
    const { tenantId, holder, entries } = input;
    const log = this.input.models.AuditEntry.collection;
    for (const entry of entries) {
      try {
        await log.insertOne({ ...entry, tenantId } as never);
      } catch (error) {
        // Copied before (by this write's process or a repair scan): entries are never changed, so it is the same.
        if (!isDuplicateKey(error)) throw error;
      }
    }
    const ids = entries.map((entry) => entry._id);
    const holderCollection = this.collection(holder.model);
    const own = { tenantId, _id: holder.id };
    const whole = await holderCollection.updateOne({ ...own, auditOutbox: { $size: ids.length }, 'auditOutbox._id': { $all: ids } } as never, {
      $unset: { auditOutbox: '' },
    });
    if (whole.matchedCount === 0) await holderCollection.updateOne(own as never, { $pull: { auditOutbox: { _id: { $in: ids } } } } as never);
  }

  private collection(model: AuditHolderModel): mongo.Collection {
    return this.input.models[model].collection as unknown as mongo.Collection;
  }
}

/** A new entry for a change made now: its id is made from its time, so ids sort by time (models/audit-entry.ts). */
function auditEntry(input: { tenantId: string; actor: AuditActor; change: AdminChange }): AuditEntryDoc {
  const at = new Date();
  const id = Buffer.from(Types.ObjectId.generate(Math.floor(at.getTime() / 1000))).toString('hex');
  return { _id: id, tenantId: input.tenantId, at, actor: input.actor, ...input.change };
}
