import { closeSync, openSync, readFileSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const LOCK_FILE = 'LOCK';

/**
 * Whether a process with this pid runs (one of another user counts: it cannot be signalled, but it is there).
 * @example isAlive(Number(readFileSync(lockPath, 'utf8')))
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Claims a data directory for this process (a LOCK file holding the pid); a lock left by a
 * process that no longer runs (killed with -9) is taken over. Returns the release function.
 * @example const release = lockDataDirectory('/srv/funnel/data'); … release();
 */
export function lockDataDirectory(dataDir: string): () => void {
  const path = join(dataDir, LOCK_FILE);
  try {
    const fd = openSync(path, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const holder = lockHolder(dataDir);
    if (holder !== undefined && isAlive(holder)) {
      throw new Error(`embedded-mongo: data directory ${dataDir} is in use by process ${holder}; stop it or use another --data-dir`);
    }
    writeFileSync(path, String(process.pid));
  }
  return () => {
    try {
      unlinkSync(path);
    } catch {
      // Already gone: nothing to release.
    }
  };
}

/**
 * The pid written in a data directory's lock, or undefined when there is no lock (or it holds no pid).
 * @example lockHolder('/srv/funnel/data') // 4242
 */
export function lockHolder(dataDir: string): number | undefined {
  let holder: number;
  try {
    holder = Number(readFileSync(join(dataDir, LOCK_FILE), 'utf8').trim());
  } catch {
    return undefined;
  }
  return Number.isInteger(holder) && holder > 0 ? holder : undefined;
}
