import { closeSync, openSync, readFileSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const LOCK_FILE = 'LOCK';

function isAlive(pid: number): boolean {
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
    const holder = Number(readFileSync(path, 'utf8').trim());
    if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) {
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
