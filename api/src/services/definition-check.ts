import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from '@funnel/schemas';
import { Piscina } from 'piscina';
import { diagnose } from './diagnose';

/**
 * Definitions with at most this many stages, transitions, rules and fields are checked on the event loop
 * (a template's 30 take ~2 ms, less than handing them to a worker and back); larger ones go to a worker
 * thread (the largest the schema accepts, 500 stages and 2,000 transitions, takes 20–70 ms of CPU, which would
 * hold up every other tenant's requests meanwhile).
 */
const INLINE_MAX_PARTS = 200;
/** A worker not asked anything for this long ends; the next large definition starts one again (~2 s). */
const WORKER_IDLE_MS = 60_000;
/** Workers run below the event loop's priority (Linux nice), so a check yields the core to requests. */
const WORKER_NICE_INCREMENT = 10;

const WORKER_FILE = new URL('./diagnose-worker.ts', import.meta.url).href;
// The worker is TypeScript, as the api is: load it through tsx, found from this package (as the store's CLI is).
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** Stages, transitions, rules and fields of a definition: what the engine's compile takes time over. */
function parts(definition: unknown): number {
  if (typeof definition !== 'object' || definition === null) return 0;
  const { stages, transitions, rules, fields } = definition as Record<string, unknown>;
  const count = (value: unknown) => (Array.isArray(value) ? value.length : typeof value === 'object' && value !== null ? Object.keys(value).length : 0);
  const properties = typeof fields === 'object' && fields !== null ? (fields as Record<string, unknown>).properties : undefined;
  return count(stages) + count(transitions) + count(rules) + count(properties);
}

/**
 * Checks workflow definitions (`diagnose`: schema, meaning, key) without stalling the event loop: a large one
 * is compiled in a pool of worker threads of `threads` workers, a small one where it is asked.
 * @example const diagnostics = await services.definitions.diagnose({ definition, key: 'standard_trunk' })
 */
export class DefinitionCheck {
  private pool: Piscina | null = null;

  constructor(private readonly options: { threads: number }) {}

  /** Everything wrong with the definition, as `diagnose` says it; [] when it is publishable. */
  async diagnose(input: { definition: unknown; key?: string }): Promise<Diagnostic[]> {
    if (parts(input.definition) <= INLINE_MAX_PARTS) return diagnose(input);
    this.pool ??= new Piscina({
      filename: WORKER_FILE,
      name: 'diagnoseInWorker',
      execArgv: ['--import', TSX_LOADER],
      minThreads: 0,
      maxThreads: this.options.threads,
      idleTimeout: WORKER_IDLE_MS,
      niceIncrement: WORKER_NICE_INCREMENT,
    });
    return (await this.pool.run(input)) as Diagnostic[];
  }

  /** Ends the workers (after the checks they are running). */
  async close(): Promise<void> {
    await this.pool?.close();
    this.pool = null;
  }
}
