import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive, lockHolder } from './data-directory-lock.js';

/** The file in a data directory that says where the store serving it listens, while it runs. */
const ADDRESS_FILE = 'ADDRESS';

type StoreAddress = { pid: number; uri: string };

/**
 * Notes in the data directory where this process's store listens, so a tool (`funnel backup`) can reach the store a
 * running api started on a port of the system's choosing. Returns the function that removes the note.
 * @example const forget = publishStoreAddress(dataDir, mongo.uri); … forget();
 */
export function publishStoreAddress(dataDir: string, uri: string): () => void {
  const path = join(dataDir, ADDRESS_FILE);
  const address: StoreAddress = { pid: process.pid, uri };
  writeFileSync(path, `${JSON.stringify(address)}\n`);
  return () => rmSync(path, { force: true });
}

/**
 * The connection string of the store serving a data directory now, or undefined when none does: the address note of
 * a store that holds the directory's lock and is alive (a store killed with -9 leaves a note that this ignores).
 * @example runningStoreUri('./data/embedded-mongo') // 'mongodb://127.0.0.1:40213/?directConnection=true'
 */
export function runningStoreUri(dataDir: string): string | undefined {
  let address: StoreAddress;
  try {
    address = JSON.parse(readFileSync(join(dataDir, ADDRESS_FILE), 'utf8')) as StoreAddress;
  } catch {
    return undefined;
  }
  return lockHolder(dataDir) === address.pid && isAlive(address.pid) ? address.uri : undefined;
}
