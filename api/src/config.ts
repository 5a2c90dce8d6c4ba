/** How one api server behaves; main.ts reads it from the environment, tests pass it directly. */
export interface ApiConfig {
  /** Key that may create tenants (FUNNEL_ROOT_KEY); absent: only the CLI can. */
  rootKey?: string;
  /** FUNNEL_TEST_CLOCK=1: the schema gains setClock, advanceClock and runDueTimers. */
  testClock: boolean;
  /** How often the sweeper looks for due timers; 0 disables the loop (tests call runDueTimers). */
  sweepIntervalMs: number;
  /** Records fired per sweep batch. */
  sweepBatchSize: number;
  /** Largest request body accepted, checked from Content-Length before the body is read. */
  maxRequestBytes: number;
  /** CSV imports of at most this many rows are done before `importRecords` answers; longer ones go on after it. */
  importInlineRows: number;
  /** Longest CSV cell an import accepts, in characters (UTF-16 code units); a longer one refuses the file. */
  maxCsvCellLength: number;
  /** Most columns a CSV header may have; more refuses the file. */
  maxCsvColumns: number;
  /**
   * A background import whose job has had no heartbeat for this long is shown `failed` (its process is gone), and a
   * migration run silent this long lets the next run take its job; a running job beats every eighth of it.
   */
  jobStaleAfterMs: number;
  /** How long a resolved API key is trusted before it is looked up again; a revocation reaches the cache sooner (keyRevocationPollMs). */
  keyCacheTtlMs: number;
  /** Most API keys the cache holds per process; the least recently used goes first. */
  keyCacheMax: number;
  /**
   * How often each process reads the key revocation log and evicts what it names: a revoked or rotated key is refused
   * by every process within about this long, whatever `keyCacheTtlMs` is (docs/decisions.md 21). 0: no poller, no cache.
   */
  keyRevocationPollMs: number;
  /** Where the built designer lives; served at `/` when present. */
  designerDir?: string;
  /** Log lines (masked errors with their request id); defaults to console.error. */
  log?: (line: string) => void;
}

/** A due timer waits at most this long for the next sweep (plus the sweep itself): keeps due-to-fired lag under a second. */
export const DEFAULT_SWEEP_INTERVAL_MS = 250;
/** Due records read per sweep batch (the sweeper fires them in smaller chunks so the engine and the store overlap). */
export const DEFAULT_SWEEP_BATCH_SIZE = 1000;
/** 5 MiB: enough for a CSV import of ~20,000 rows, small enough to refuse abuse. */
export const DEFAULT_MAX_REQUEST_BYTES = 5 * 1024 * 1024;

/**
 * Rows an import does before answering (~1–2 s on the embedded store); a longer file is answered with its
 * running job at once, so the caller can follow `job(id)` instead of waiting on one request for minutes.
 */
export const DEFAULT_IMPORT_INLINE_ROWS = 1000;

/**
 * 10,000 characters: a long note fits, a cell of a file that is not CSV (or a runaway quoted value) does not.
 * Field schemas may allow less (`maxLength`); this is the bound before any of them is asked.
 */
export const DEFAULT_MAX_CSV_CELL_LENGTH = 10_000;

/**
 * 1,000 columns: far more than a workflow has fields (each column names a different one), few enough that
 * refusing each unknown column one by one stays a short answer.
 */
export const DEFAULT_MAX_CSV_COLUMNS = 1_000;

/**
 * Two minutes without a heartbeat (one every 15 s) makes a running import `failed`: long enough for a busy
 * process or a few seconds of clock skew between machines, short enough that nobody waits on a dead job for long.
 */
export const DEFAULT_JOB_STALE_AFTER_MS = 2 * 60 * 1000;

/** Ten seconds: a busy key is looked up six times a minute, not on every request; revocation does not wait for it. */
export const DEFAULT_KEY_CACHE_TTL_MS = 10_000;

/** 10,000 keys (a few MB of viewers): more integrations than one server serves at once; the rest are looked up. */
export const DEFAULT_KEY_CACHE_MAX = 10_000;

/** A quarter second: one indexed query per process four times a second keeps revocation well inside a second. */
export const DEFAULT_KEY_REVOCATION_POLL_MS = 250;

/** A config with the defaults filled in. */
export function apiConfig(overrides: Partial<ApiConfig> = {}): ApiConfig {
  return {
    testClock: false,
    sweepIntervalMs: DEFAULT_SWEEP_INTERVAL_MS,
    sweepBatchSize: DEFAULT_SWEEP_BATCH_SIZE,
    maxRequestBytes: DEFAULT_MAX_REQUEST_BYTES,
    importInlineRows: DEFAULT_IMPORT_INLINE_ROWS,
    maxCsvCellLength: DEFAULT_MAX_CSV_CELL_LENGTH,
    maxCsvColumns: DEFAULT_MAX_CSV_COLUMNS,
    jobStaleAfterMs: DEFAULT_JOB_STALE_AFTER_MS,
    keyCacheTtlMs: DEFAULT_KEY_CACHE_TTL_MS,
    keyCacheMax: DEFAULT_KEY_CACHE_MAX,
    keyRevocationPollMs: DEFAULT_KEY_REVOCATION_POLL_MS,
    ...overrides,
  };
}
