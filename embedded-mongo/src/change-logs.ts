import { randomBytes } from 'node:crypto';
import { Timestamp } from 'bson';
import { ChangeLog, type ChangeStamper } from './change-log.js';
import type { ChangePosition } from './resume-token.js';

const STORE_ID_BYTES = 8;
const MS_PER_SECOND = 1000;

/**
 * The change logs of every watched collection, by namespace, and the one clock they are stamped by:
 * sequence numbers and cluster times grow across all collections, so a position means the same in
 * each. A collection is logged from the first time it is watched; memory only (not journalled), so
 * a token from an earlier process carries another `storeId` and is refused.
 * @example const log = changeLogs.logFor('app.events')
 */
export class ChangeLogs implements ChangeStamper {
  /** Identifies this process's tokens. */
  readonly storeId = randomBytes(STORE_ID_BYTES).toString('hex');
  private readonly logs = new Map<string, ChangeLog>();
  private seq = 0;
  private clusterTime = new Timestamp({ t: Math.floor(Date.now() / MS_PER_SECOND), i: 0 });

  /** The log of a namespace, if it has ever been watched. */
  get(namespace: string): ChangeLog | undefined {
    return this.logs.get(namespace);
  }

  /** The log of a namespace, started now if it had none. */
  logFor(namespace: string): ChangeLog {
    let log = this.logs.get(namespace);
    if (!log) {
      log = new ChangeLog(this);
      this.logs.set(namespace, log);
    }
    return log;
  }

  /** The next place in the log: the next sequence number and a cluster time after every earlier one. */
  stamp(): ChangePosition {
    const seconds = Math.floor(Date.now() / MS_PER_SECOND);
    this.clusterTime = seconds > this.clusterTime.t ? new Timestamp({ t: seconds, i: 1 }) : new Timestamp({ t: this.clusterTime.t, i: this.clusterTime.i + 1 });
    this.seq += 1;
    return { seq: this.seq, clusterTime: this.clusterTime };
  }

  /** The place of the newest change stamped so far. */
  current(): ChangePosition {
    return { seq: this.seq, clusterTime: this.clusterTime };
  }
}
