// (The leading underscore keeps `pnpm bench` from running this helper as a benchmark.)
import type { Connection } from 'mongoose';

/** Store commands a benchmark's api sent while counting, by `${command} ${collection}`. */
export interface CommandCount {
  /** Starts counting (from zero). */
  start(): void;
  /** Stops counting; the counts so far stay. */
  stop(): void;
  /** Every command counted, by `${command} ${collection}` (a `bulkWrite`: its collections joined by `+`). */
  byKind(): Map<string, number>;
  /** How many commands were counted. */
  total(): number;
}

/**
 * Counts the commands a connection opened with `monitorCommands: true` sends while counting is on: what a
 * benchmark's figure of store commands per operation comes from.
 * @example const count = countCommands(connection); count.start(); await run(); count.stop(); count.total() // → 4120
 */
export function countCommands(connection: Connection): CommandCount {
  const commands = new Map<string, number>();
  let counting = false;
  connection.getClient().on('commandStarted', (event) => {
    if (!counting) return;
    const target = event.command[event.commandName];
    const namespaces = event.commandName === 'bulkWrite' ? (event.command.nsInfo as { ns: string }[]).map((info) => info.ns.split('.').pop()).join('+') : '';
    const key = `${event.commandName} ${typeof target === 'string' ? target : namespaces}`.trim();
    commands.set(key, (commands.get(key) ?? 0) + 1);
  });
  return {
    start: () => {
      commands.clear();
      counting = true;
    },
    stop: () => {
      counting = false;
    },
    byKind: () => commands,
    total: () => [...commands.values()].reduce((a, b) => a + b, 0),
  };
}
