import { availableParallelism } from 'node:os';
import { HEAVY_OPERATIONS, type HeavyOperation } from './services/heavy-operation';

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
  /**
   * How old an open record's stored score may grow before the sweeper refreshes it (FUNNEL_SCORE_REFRESH_MS; a day):
   * every change and activity stores it too, so a stored score is never older than this.
   */
  scoreRefreshMs: number;
  /**
   * How often each process builds the metric summaries of the days that closed and of the days marked since their
   * build, and works on each workflow's backfill (FUNNEL_METRICS_BUILD_INTERVAL_MS); 0 disables the loop (tests call
   * `metricSummaries.buildDue()`).
   */
  metricsBuildIntervalMs: number;
  /**
   * How far behind the tenant's clock the summaries stay (FUNNEL_METRICS_DAY_SETTLE_MS): a day is built whole this long
   * after it ends, today up to this long ago; what is newer is read from the log, and events drained within it need
   * no rebuild.
   */
  metricsDaySettleMs: number;
  /**
   * How many days one workflow's summaries may build in one round (FUNNEL_METRICS_DAYS_PER_ROUND): its backfill and
   * the days marked since their build go on in the next round, which then follows at once, so every tenant's today
   * is built every round however long another's backfill is.
   */
  metricsDaysPerRound: number;
  /**
   * How long each process keeps a workflow's closing stages, which the outbox drainer looks up for every batch with a
   * transition (FUNNEL_OUTCOME_STAGES_TTL_MS): a version published since that makes a stage key close deals that did
   * not before is seen within this long (a new stage key is seen at once).
   */
  outcomeStagesTtlMs: number;
  /**
   * How long each process keeps the latest published version number of a workflow for the records it creates
   * (FUNNEL_WORKFLOW_LATEST_TTL_MS): a version published by another process is created on within this long (the
   * publishing process at once); 0: read for every turn of creates.
   */
  workflowLatestTtlMs: number;
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
  /**
   * How many operations of each heavy kind (metrics reports, imports, definition validations, migrations) one
   * tenant runs at once in this process (FUNNEL_TENANT_CONCURRENCY)…
   */
  tenantConcurrency: Record<HeavyOperation, number>;
  /** …and how many more wait their turn; one more than both is refused with `Busy` (FUNNEL_TENANT_QUEUE). */
  tenantQueue: Record<HeavyOperation, number>;
  /** Worker threads that check large workflow definitions, off the event loop. */
  definitionCheckThreads: number;
  /** How long a `Busy` refusal tells the caller to wait before retrying (FUNNEL_BUSY_RETRY_AFTER_MS). */
  busyRetryAfterMs: number;
  /** Longest request head (request line and headers) node's parser accepts; a longer one is answered 431. */
  maxHeaderBytes: number;
  /** How long a client may take to send the request line and headers (node's `headersTimeout`); then 408. */
  headersTimeoutMs: number;
  /** How long a client may take to send the whole request (node's `requestTimeout`); then 408. */
  requestTimeoutMs: number;
  /** Tokens a GraphQL document may have, counted before it is parsed (graphql-js `maxTokens`). */
  maxQueryTokens: number;
  /** How deep a GraphQL document may nest brackets (`{ [ (`), counted by the lexer before the parser recurses. */
  maxQueryNesting: number;
  /** Deepest selection a query may have (graphql-armor max-depth). */
  maxQueryDepth: number;
  /** graphql-armor cost units a query may have: objects 2, scalars 1, multiplied by depth. */
  maxQueryCost: number;
  /** Aliases an operation may have (graphql-armor max-aliases; `__typename` counts too). */
  maxQueryAliases: number;
  /** Directives an operation may have (graphql-armor max-directives). */
  maxQueryDirectives: number;
  /** List fields (types, fields, args…) an introspection query may nest; depth and cost exempt introspection. */
  maxIntrospectionLists: number;
  /** How deep objects and arrays may nest in a JSON input (record fields, definitions), the value itself being 1. */
  maxJsonDepth: number;
  /** Values (objects, arrays, strings, numbers, booleans, nulls) one JSON input may hold in all. */
  maxJsonNodes: number;
  /** Longest string inside a JSON input. */
  maxJsonStringLength: number;
  /** Longest key of an object inside a JSON input. */
  maxJsonKeyLength: number;
  /** Items a list argument or list input field may have (roles, a stage map); JSON arrays count as JSON values. */
  maxInputListLength: number;
  /** Longest String or ID input of each kind (api/src/schema/input-lengths.ts says which input is which kind). */
  maxLengths: MaxLengths;
  /** How long a resolved API key is trusted before it is looked up again; a revocation reaches the cache sooner (keyRevocationPollMs). */
  keyCacheTtlMs: number;
  /** Most API keys the cache holds per process; the least recently used goes first. */
  keyCacheMax: number;
  /**
   * Megabytes of heap each api process keeps the reports' parsed day summaries and won months in (FUNNEL_REPORT_CACHE_MB;
   * the least recently used go first, docs/decisions.md 43).
   */
  reportCacheMb: number;
  /**
   * How often each process reads the key revocation log and evicts what it names: a revoked or rotated key is refused
   * by every process within about this long, whatever `keyCacheTtlMs` is (docs/decisions.md 21). 0: no poller, no cache.
   */
  keyRevocationPollMs: number;
  /**
   * How often each process writes that an API key was used (its `lastUsedAt`): at most once per key per this long,
   * so a busy key costs no write per request. 0: on every use.
   */
  keyLastUsedIntervalMs: number;
  /** An owner lease (claims, extensions, a tenant's import turn) outlives a crashed holder by at most this long after its last renewal. */
  ownerLeaseMs: number;
  /**
   * The longest one call holds an owner lease, renewals included: the longest a hung request keeps the owner's
   * claims or extensions, or the tenant's imports, from everyone else.
   */
  ownerLeaseMaxHoldMs: number;
  /** How long a claim or an extension waits for its owner's busy lease before it is answered LeaseBusy. */
  ownerLeaseMaxWaitMs: number;
  /** How long an import waits for the tenant's import turn before its job fails, saying so. */
  importTurnMaxWaitMs: number;
  /** The longest one import holds the tenant's import turn before it lets a waiting import have one (at most 1,000 rows a turn). */
  importTurnMs: number;
  /** Rows an import checks for duplicates with one read per dedupe key and creates together (services/csv-import.ts). */
  importChunkRows: number;
  /** How long a retry waits for the first request with its idempotency key to answer before it is told to retry later. */
  idempotencyWaitMs: number;
  /** How old a key's reservation must be before a retry takes it over: the first request's process died. */
  idempotencyPendingTtlMs: number;
  /**
   * How long a commit's events wait for other commits to join their copy into the event log. No request waits for
   * it (the write is acknowledged with its events in the record's outbox): it costs only the log's freshness.
   */
  drainGatherMs: number;
  /** How long a copied outbox stays on its record before it is pulled off (a record written again meanwhile needs no pull). */
  outboxClearDelayMs: number;
  /** How often each process scans for outboxes a crashed or failed process left on records and copies them into the log; 0: never. */
  outboxRepairIntervalMs: number;
  /**
   * How old an event's `loggedAt` must be before `events(after)` shows it (FUNNEL_EVENT_FEED_SETTLE_MS): a copy into the
   * log still on its way in another process, or a clock a little off, stamped an event earlier than one a reader has
   * already passed; held back this long, it lands in time (docs/decisions.md 33). 0: at once, with no such guard.
   */
  eventFeedSettleMs: number;
  /**
   * How old a pipeline change must be before the pipeline's rollup sums it (FUNNEL_PIPELINE_ROLLUP_SETTLE_MS; at least
   * the event feed's settle window): a report adds what is younger from the log, so a copy into the log that lands
   * late — a drain slower than the feed's window, clocks further apart — is still counted (docs/decisions.md 40).
   */
  pipelineRollupSettleMs: number;
  /** Accounts, sessions, sign-in limits and mail (README "Accounts"). */
  /** SMTP server mail goes through (SMTP_URL, e.g. smtp://user:pass@mail.example:587); unset: nothing is sent, invitation links are shown to the admin. */
  smtpUrl?: string;
  /** The sender of Funnel's mail (FUNNEL_MAIL_FROM). */
  mailFrom: string;
  /** Where people reach the web app, for links in mail (FUNNEL_PUBLIC_URL); unset: the origin the admin's request came to. */
  publicUrl?: string;
  /** Origins besides the server's own that may send requests signed in by cookie (FUNNEL_ALLOWED_ORIGINS, comma-separated). */
  allowedOrigins: string[];
  /** FUNNEL_TRUST_PROXY=1: take the client's address, scheme and host from X-Forwarded-For/-Proto/-Host (set it only behind a proxy that sets them). */
  trustProxy: boolean;
  /** How long an invitation link may be used. */
  invitationTtlMs: number;
  /** How long a password reset link may be used. */
  passwordResetTtlMs: number;
  /** A session unused for this long ends. */
  sessionIdleMs: number;
  /** A session ends this long after sign-in however much it is used (the cookie's Max-Age). */
  sessionMaxAgeMs: number;
  /** The fixed window sign-in attempts are counted in… */
  signInWindowMs: number;
  /** …failed attempts one account may have in a window (the next is refused)… */
  signInAttemptsPerAccount: number;
  /** …and attempts one client address may make in a window, whichever accounts they name. */
  signInAttemptsPerAddress: number;
  /** Password hashes (scrypt) one process computes at once; more wait in a queue. */
  passwordHashConcurrency: number;
  /** Password hashes that may wait for a turn; one more is refused as throttled (retry after a second). */
  passwordHashQueue: number;
  /** scrypt's cost N as a power of two for new password hashes (docs/decisions.md 25); stored hashes carry their own. */
  passwordHashLogN: number;
  /**
   * How often each process looks for webhook deliveries and notification emails that are due (FUNNEL_DELIVERY_POLL_MS);
   * a delivery this process queues wakes it at once. 0 turns both senders off (tests call `deliveries.runDue()`).
   */
  deliveryPollMs: number;
  /** The wait before a failed webhook or email is tried again, doubled after each failure (FUNNEL_DELIVERY_RETRY_BASE_MS)… */
  deliveryRetryBaseMs: number;
  /** …up to this long between attempts (FUNNEL_DELIVERY_RETRY_MAX_DELAY_MS)… */
  deliveryRetryMaxDelayMs: number;
  /**
   * …for this long after it was first due (FUNNEL_DELIVERY_RETRY_WINDOW_MS, 3 days): then it is given up, and a webhook
   * endpoint that failed for the whole window is disabled and the tenant's admins are told.
   */
  deliveryRetryWindowMs: number;
  /**
   * How long a process holds a notification email it claimed to send (FUNNEL_MAIL_LEASE_MS): no other process sends it
   * meanwhile, and the emails a process that died had claimed are sent by another this long after their claim.
   */
  mailLeaseMs: number;
  /**
   * How long a CSV export waits for its client to read before it cuts the download and frees the tenant's export
   * slot (FUNNEL_EXPORT_STALL_MS): a paused download never holds one for longer.
   */
  exportStallMs: number;
  /** How long one webhook attempt may take, redirects included (FUNNEL_WEBHOOK_TIMEOUT_MS). */
  webhookTimeoutMs: number;
  /** Requests one process sends to one endpoint at once (FUNNEL_WEBHOOK_CONCURRENCY; docs/decisions.md 41 for the default). */
  webhookConcurrency: number;
  /** How long a process keeps a tenant's webhook endpoints (FUNNEL_WEBHOOK_ENDPOINTS_TTL_MS): an endpoint made in another process gets events logged from this long after. */
  webhookEndpointsTtlMs: number;
  /**
   * Hosts (`host` or `host:port`) webhooks may reach although they are loopback, private or link-local
   * (FUNNEL_WEBHOOK_ALLOWED_HOSTS, comma-separated); every other address of those kinds is refused.
   */
  webhookAllowedHosts: string[];
  /** Where the built designer lives; served at `/` when present. */
  designerDir?: string;
  /** Log lines (masked errors with their request id); defaults to console.error. */
  log?: (line: string) => void;
}

/** Deliveries due wait at most this long for a sender that did not queue them itself. */
const DEFAULT_DELIVERY_POLL_MS = 250;
const DEFAULT_DELIVERY_RETRY_BASE_MS = 5_000;
const DEFAULT_DELIVERY_RETRY_MAX_DELAY_MS = 6 * 60 * 60_000;
const DEFAULT_DELIVERY_RETRY_WINDOW_MS = 3 * 24 * 60 * 60_000;
/** A minute: far longer than an SMTP server takes to accept a message, short enough that a crash delays mail little. */
const DEFAULT_MAIL_LEASE_MS = 60_000;
/** A minute: a reader on a slow line reads something every few seconds; a download paused for longer starts again. */
const DEFAULT_EXPORT_STALL_MS = 60_000;
const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;
/**
 * Sixteen: four missed the lag target at 1,000 events/s, sixteen met it (docs/benchmarks.md run K); a receiver gets up
 * to this many requests at once from each api process (docs/decisions.md 41).
 */
const DEFAULT_WEBHOOK_CONCURRENCY = 16;
const DEFAULT_WEBHOOK_ENDPOINTS_TTL_MS = 1_000;
/**
 * 256 MB: a year of one workflow's day summaries and slices at 200,000 records parses to about 200 MB
 * (api/src/metrics/parsed-texts.ts).
 */
const DEFAULT_REPORT_CACHE_MB = 256;

/** A due timer waits at most this long for the next sweep (plus the sweep itself): keeps due-to-fired lag under a second. */
export const DEFAULT_SWEEP_INTERVAL_MS = 250;
/** Due records read per sweep batch (the sweeper fires them in smaller chunks so the engine and the store overlap). */
export const DEFAULT_SWEEP_BATCH_SIZE = 1000;
/** A day: the stored score (for lists) is never more than a day stale; guards compute theirs at their own now. */
const DEFAULT_SCORE_REFRESH_MS = 24 * 60 * 60_000;
/**
 * Five seconds: today's summary is at most this (plus the settle time) behind, so a dashboard reads at most a few
 * seconds of today's events from the log; a round that finds nothing new costs a handful of indexed reads per workflow.
 */
const DEFAULT_METRICS_BUILD_INTERVAL_MS = 5_000;
/** Five seconds: far longer than an outbox waits for its drain (milliseconds), so a summary seldom needs a second build. */
const DEFAULT_METRICS_DAY_SETTLE_MS = 5_000;
/**
 * Ten days: at the backfill rate measured with 177,000 events a year (365 days in 30–38 s, docs/decisions.md 28),
 * about a second of building per workflow, which is the most a backfill holds back another tenant's today.
 */
const DEFAULT_METRICS_DAYS_PER_ROUND = 10;
/**
 * A second: a version that makes an existing stage key close deals is seen within it, and the drainer, which asks on
 * every batch with a transition, counts a workflow's versions again at most once a second.
 */
const DEFAULT_OUTCOME_STAGES_TTL_MS = 1000;
/**
 * A second: a create racing a publish may land on either version anyway; a second more of the previous one is the
 * same, and it spares the read of the workflow that every turn of creates cost.
 */
const DEFAULT_WORKFLOW_LATEST_TTL_MS = 1000;
/** 5 MiB: enough for a CSV import of ~20,000 rows, small enough to refuse abuse. */
export const DEFAULT_MAX_REQUEST_BYTES = 5 * 1024 * 1024;

/**
 * Rows an import does before answering (~1–2 s on the embedded store); a longer file is answered with its
 * running job at once, so the caller can follow `job(id)` instead of waiting on one request for minutes.
 */
const DEFAULT_IMPORT_INLINE_ROWS = 1000;

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

/**
 * Heavy operations one tenant runs at once per process. A report is a few aggregations the store runs on its
 * one thread for tens to hundreds of milliseconds, so one at a time keeps any other tenant's write from
 * waiting behind more than one report (measured: three at once put another tenant's p99 transition over a
 * second on a busy 2-core machine, one keeps it near 100 ms). An import already works its rows in turns at the
 * tenant's import lease, so two may run (a retried upload meets the first at the lease, as before); migrations
 * run in batches, and a second run of the same job must meet the first to be told JobBusy: two. Large
 * definitions are checked in worker threads, off the event loop: two, so one admin's save does not wait for
 * another's validation.
 */
export const DEFAULT_TENANT_CONCURRENCY: Readonly<Record<HeavyOperation, number>> = { metrics: 1, import: 2, validation: 2, migration: 2, export: 2 };

/**
 * Operations that wait for a tenant's turn beyond those running. A dashboard asks pipeline, funnel and
 * calibration in one request: five waiting lets two dashboards load at once, their reports one after another;
 * the designer validates as an admin edits, so a few edits in flight wait rather than fail.
 */
export const DEFAULT_TENANT_QUEUE: Readonly<Record<HeavyOperation, number>> = { metrics: 5, import: 2, validation: 4, migration: 1, export: 2 };

/** Half the machine's cores (at least one): the event loop and the embedded store keep theirs. */
const DEFAULT_DEFINITION_CHECK_THREADS = Math.max(1, Math.floor(availableParallelism() / 2));

/** A heavy operation takes hundreds of milliseconds to a few seconds: a second is when a slot has likely come free. */
const DEFAULT_BUSY_RETRY_AFTER_MS = 1000;

/** Per-kind numbers from a variable like `metrics=2,import=1`: the kinds it names; the others keep `defaults`. */
function perKind(name: string, value: string | undefined, defaults: Readonly<Record<HeavyOperation, number>>, min: number): Record<HeavyOperation, number> {
  const limits = { ...defaults };
  for (const entry of (value ?? '').split(',').filter((e) => e.trim() !== '')) {
    const [kind = '', number = ''] = entry.split('=').map((part) => part.trim());
    const limit = Number(number);
    if (!(HEAVY_OPERATIONS as readonly string[]).includes(kind) || !Number.isInteger(limit) || limit < min) {
      throw new Error(`${name}: "${entry}" is not <kind>=<integer of at least ${min}> with a kind of ${HEAVY_OPERATIONS.join(', ')}`);
    }
    limits[kind as HeavyOperation] = limit;
  }
  return limits;
}

/**
 * The limits of FUNNEL_TENANT_CONCURRENCY and FUNNEL_TENANT_QUEUE (`metrics=2,import=1`: the kinds they name;
 * the others keep their defaults) and FUNNEL_BUSY_RETRY_AFTER_MS, for main.ts.
 * @example tenantLimitsFromEnv({ FUNNEL_TENANT_CONCURRENCY: 'metrics=2' }).tenantConcurrency // → { metrics: 2, import: 2, … }
 */
export function tenantLimitsFromEnv(env: Record<string, string | undefined>): Pick<ApiConfig, 'tenantConcurrency' | 'tenantQueue' | 'busyRetryAfterMs'> {
  const tenantConcurrency = perKind('FUNNEL_TENANT_CONCURRENCY', env.FUNNEL_TENANT_CONCURRENCY, DEFAULT_TENANT_CONCURRENCY, 1);
  const tenantQueue = perKind('FUNNEL_TENANT_QUEUE', env.FUNNEL_TENANT_QUEUE, DEFAULT_TENANT_QUEUE, 0);
  const retry = env.FUNNEL_BUSY_RETRY_AFTER_MS;
  const busyRetryAfterMs = retry === undefined || retry === '' ? DEFAULT_BUSY_RETRY_AFTER_MS : Number(retry);
  if (!Number.isInteger(busyRetryAfterMs) || busyRetryAfterMs < 0) throw new Error(`FUNNEL_BUSY_RETRY_AFTER_MS: "${retry}" is not a number of milliseconds`);
  return { tenantConcurrency, tenantQueue, busyRetryAfterMs };
}

/** Longest value, in UTF-16 code units, of each kind of String and ID input. */
export interface MaxLengths {
  /** Ids of records, users, jobs (24 hex characters today). */
  id: number;
  /** Keys of workflows, templates, stages, pipelines, transitions, timers. */
  key: number;
  /** A client's idempotency key (a UUID is 36). */
  idempotencyKey: number;
  /** Names of tenants, users, keys and workflows. */
  name: number;
  /** An email address (RFC 5321's longest path). */
  email: number;
  /** A password: long passphrases fit; a megabyte does not reach scrypt. */
  password: number;
  /** A tenant's slug (its sign-in name). */
  slug: number;
  /** A link's token (invitation, password reset). */
  token: number;
  /** An IANA time zone name (the longest is 32). */
  timeZone: number;
  /** Free text: notes and reasons. */
  text: number;
  /** A connection cursor this api returned. */
  cursor: number;
  /** An ISO-8601 duration (the test clock's `advanceClock`). */
  duration: number;
}

/** Node's own default: 16 KiB of request line and headers. */
const DEFAULT_MAX_HEADER_BYTES = 16 * 1024;
/** Node's own defaults: a client that trickles its request (slowloris) holds a connection for at most this long. */
const DEFAULT_HEADERS_TIMEOUT_MS = 60_000;
const DEFAULT_REQUEST_TIMEOUT_MS = 300_000;
/** Twice graphql-armor's default: the designer's largest query and GraphiQL's introspection are far under it. */
const DEFAULT_MAX_QUERY_TOKENS = 2000;
/** Brackets a document may nest: a query 12 deep with a JSON literal 32 deep stays well under it. */
const DEFAULT_MAX_QUERY_NESTING = 64;
/** Deepest selection a query may have. */
const DEFAULT_MAX_QUERY_DEPTH = 12;
/** graphql-armor cost units: objects 2, scalars 1, multiplied by depth. */
const DEFAULT_MAX_QUERY_COST = 20_000;
/** graphql-armor's defaults are 15 and 50; the designer uses no aliases. */
const DEFAULT_MAX_QUERY_ALIASES = 30;
const DEFAULT_MAX_QUERY_DIRECTIVES = 50;
/** GraphiQL's introspection nests 3 (types → fields → args); each more multiplies the answer by a type's fields. */
const DEFAULT_MAX_INTROSPECTION_LISTS = 3;
/** The templates nest at most 10 deep (stage → timer → guard → json-logic); 32 leaves room for deep guards. */
const DEFAULT_MAX_JSON_DEPTH = 32;
/**
 * The largest template (standard_trunk) has 569 values; a definition at DEFINITION_LIMITS' counts (500 stages
 * with their timers, 2,000 transitions) can reach about 150,000. Above that, so a definition's own limits speak
 * first, with their precise messages (`schema.maxItems` at `/stages`); a 5 MiB body could hold 2.5 million.
 */
const DEFAULT_MAX_JSON_NODES = 200_000;
const DEFAULT_MAX_JSON_STRING_LENGTH = 10_000;
const DEFAULT_MAX_JSON_KEY_LENGTH = 200;
/** A stage map lists a workflow's stages and a user has at most five roles: 1,000 is far past either. */
const DEFAULT_MAX_INPUT_LIST_LENGTH = 1000;
export const DEFAULT_MAX_LENGTHS: Readonly<MaxLengths> = {
  id: 96,
  key: 64,
  idempotencyKey: 128,
  name: 200,
  email: 254,
  password: 256,
  slug: 40,
  token: 128,
  timeZone: 64,
  text: 2000,
  cursor: 256,
  duration: 64,
};

/** What a caller may set: any field, and any kinds of `maxLengths` and of the per-tenant limits (the others keep their defaults). */
export type ApiConfigOverrides = Partial<Omit<ApiConfig, 'maxLengths' | 'tenantConcurrency' | 'tenantQueue'>> & {
  maxLengths?: Partial<MaxLengths>;
  tenantConcurrency?: Partial<Record<HeavyOperation, number>>;
  tenantQueue?: Partial<Record<HeavyOperation, number>>;
};

/** Ten seconds: a busy key is looked up six times a minute, not on every request; revocation does not wait for it. */
const DEFAULT_KEY_CACHE_TTL_MS = 10_000;

/** 10,000 keys (a few MB of viewers): more integrations than one server serves at once; the rest are looked up. */
const DEFAULT_KEY_CACHE_MAX = 10_000;

/** A quarter second: one indexed query per process four times a second keeps revocation well inside a second. */
const DEFAULT_KEY_REVOCATION_POLL_MS = 250;

/** A minute: "last used" is read by a person deciding whether a key is still needed, for whom a minute is exact enough. */
const DEFAULT_KEY_LAST_USED_INTERVAL_MS = 60_000;

/** Five seconds: a crashed holder's claims, extensions or imports wait at most this long for its lease to lapse. */
const DEFAULT_OWNER_LEASE_MS = 5_000;
/**
 * Three lease periods: a holder's work is a write or two (an import turn about a second of rows), milliseconds on a
 * healthy store, so work still running then is stuck, not slow.
 */
const DEFAULT_OWNER_LEASE_MAX_HOLD_MS = 3 * DEFAULT_OWNER_LEASE_MS;
/** Ten seconds: longer than any healthy holder holds a lease, short enough to tell a person it is busy. */
const DEFAULT_OWNER_LEASE_MAX_WAIT_MS = 10_000;
/** A minute: other imports' turns are short and a hung one lets go after the longest hold, so only a stuck store takes this long. */
const DEFAULT_IMPORT_TURN_MAX_WAIT_MS = 60_000;
/**
 * Half a second of rows: a turn starts no chunk after it, so a short import started during a long one waits for the
 * chunk that was started before then (at most a second or so of 1,000 rows) and its turn.
 */
const DEFAULT_IMPORT_TURN_MS = 500;
/**
 * A chunk's thousand rows at once (a turn takes two): decided with one duplicate read per dedupe key, created
 * together (chunks of 250 spent about a third more of the api's CPU per row on their reads and turns).
 */
const DEFAULT_IMPORT_CHUNK_ROWS = 1000;
/** Ten seconds, as a claim waits for a lease: longer than a healthy request runs. */
const DEFAULT_IDEMPOTENCY_WAIT_MS = 10_000;
/** A minute: far past any request's run, so a reservation this old was left by a process that died. */
const DEFAULT_IDEMPOTENCY_PENDING_TTL_MS = 60_000;

/** 5 ms: under load a log insert then carries several turns' events instead of one's. */
const DEFAULT_DRAIN_GATHER_MS = 5;
/** A second: under load most records are written again well within it, and their next write takes the old entries off. */
const DEFAULT_OUTBOX_CLEAR_DELAY_MS = 1000;
/** A minute: a crash's leftovers are rare, and the scan reads every record with an outbox. */
const DEFAULT_OUTBOX_REPAIR_INTERVAL_MS = 60_000;
/**
 * Two seconds: a copy into the log takes milliseconds (5 ms of gathering and one insert), so one still on its way after
 * a second is a store in trouble, which the drainer logs; an app catching up on the feed is two seconds behind.
 */
const DEFAULT_EVENT_FEED_SETTLE_MS = 2000;
/** Half a minute: a report reads at most that much of the log beside the rollup, far more than a late copy needs. */
const DEFAULT_PIPELINE_ROLLUP_SETTLE_MS = 30_000;

/** Seven days, as issue 17 asks: long enough for someone back from a week away, short enough that an old mail is useless. */
const DEFAULT_INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** An hour: a reset link is used at once or not at all. */
const DEFAULT_PASSWORD_RESET_TTL_MS = 60 * 60 * 1000;
/** Eight hours: a working day's gaps (lunch, meetings) keep a session; a night does not. */
const DEFAULT_SESSION_IDLE_MS = 8 * 60 * 60 * 1000;
/** Thirty days: however busy, a person signs in again once a month. */
const DEFAULT_SESSION_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;
/** Fifteen minutes: a window short enough that a person who mistyped waits little, long enough that guessing is slow. */
const DEFAULT_SIGN_IN_WINDOW_MS = 15 * 60 * 1000;
/** Five failed attempts per account and window: a person who forgot a password tries a few, a guesser many. */
const DEFAULT_SIGN_IN_ATTEMPTS_PER_ACCOUNT = 5;
/** Fifty attempts per address and window: an office behind one address signs in together; a guessing script does not get far. */
const DEFAULT_SIGN_IN_ATTEMPTS_PER_ADDRESS = 50;
/** Two hashes at once (each ~32 MiB and ~100 ms of one core): a wave of sign-ins waits; it does not take every core. */
const DEFAULT_PASSWORD_HASH_CONCURRENCY = 2;
/** Sixty-four waiting hashes: a few seconds of sign-ins at most; more is a guessing wave, answered throttled. */
const DEFAULT_PASSWORD_HASH_QUEUE = 64;
/** N = 2^15 (32 MiB with r = 8): docs/decisions.md 25. */
const DEFAULT_PASSWORD_HASH_LOG_N = 15;

/** A config with the defaults filled in. */
export function apiConfig(overrides: ApiConfigOverrides = {}): ApiConfig {
  return {
    testClock: false,
    sweepIntervalMs: DEFAULT_SWEEP_INTERVAL_MS,
    sweepBatchSize: DEFAULT_SWEEP_BATCH_SIZE,
    scoreRefreshMs: DEFAULT_SCORE_REFRESH_MS,
    metricsBuildIntervalMs: DEFAULT_METRICS_BUILD_INTERVAL_MS,
    metricsDaySettleMs: DEFAULT_METRICS_DAY_SETTLE_MS,
    metricsDaysPerRound: DEFAULT_METRICS_DAYS_PER_ROUND,
    outcomeStagesTtlMs: DEFAULT_OUTCOME_STAGES_TTL_MS,
    workflowLatestTtlMs: DEFAULT_WORKFLOW_LATEST_TTL_MS,
    maxRequestBytes: DEFAULT_MAX_REQUEST_BYTES,
    importInlineRows: DEFAULT_IMPORT_INLINE_ROWS,
    maxCsvCellLength: DEFAULT_MAX_CSV_CELL_LENGTH,
    maxCsvColumns: DEFAULT_MAX_CSV_COLUMNS,
    jobStaleAfterMs: DEFAULT_JOB_STALE_AFTER_MS,
    busyRetryAfterMs: DEFAULT_BUSY_RETRY_AFTER_MS,
    definitionCheckThreads: DEFAULT_DEFINITION_CHECK_THREADS,
    maxHeaderBytes: DEFAULT_MAX_HEADER_BYTES,
    headersTimeoutMs: DEFAULT_HEADERS_TIMEOUT_MS,
    requestTimeoutMs: DEFAULT_REQUEST_TIMEOUT_MS,
    maxQueryTokens: DEFAULT_MAX_QUERY_TOKENS,
    maxQueryNesting: DEFAULT_MAX_QUERY_NESTING,
    maxQueryDepth: DEFAULT_MAX_QUERY_DEPTH,
    maxQueryCost: DEFAULT_MAX_QUERY_COST,
    maxQueryAliases: DEFAULT_MAX_QUERY_ALIASES,
    maxQueryDirectives: DEFAULT_MAX_QUERY_DIRECTIVES,
    maxIntrospectionLists: DEFAULT_MAX_INTROSPECTION_LISTS,
    maxJsonDepth: DEFAULT_MAX_JSON_DEPTH,
    maxJsonNodes: DEFAULT_MAX_JSON_NODES,
    maxJsonStringLength: DEFAULT_MAX_JSON_STRING_LENGTH,
    maxJsonKeyLength: DEFAULT_MAX_JSON_KEY_LENGTH,
    maxInputListLength: DEFAULT_MAX_INPUT_LIST_LENGTH,
    keyCacheTtlMs: DEFAULT_KEY_CACHE_TTL_MS,
    keyCacheMax: DEFAULT_KEY_CACHE_MAX,
    reportCacheMb: DEFAULT_REPORT_CACHE_MB,
    keyRevocationPollMs: DEFAULT_KEY_REVOCATION_POLL_MS,
    keyLastUsedIntervalMs: DEFAULT_KEY_LAST_USED_INTERVAL_MS,
    ownerLeaseMs: DEFAULT_OWNER_LEASE_MS,
    ownerLeaseMaxHoldMs: DEFAULT_OWNER_LEASE_MAX_HOLD_MS,
    ownerLeaseMaxWaitMs: DEFAULT_OWNER_LEASE_MAX_WAIT_MS,
    importTurnMaxWaitMs: DEFAULT_IMPORT_TURN_MAX_WAIT_MS,
    importTurnMs: DEFAULT_IMPORT_TURN_MS,
    importChunkRows: DEFAULT_IMPORT_CHUNK_ROWS,
    idempotencyWaitMs: DEFAULT_IDEMPOTENCY_WAIT_MS,
    idempotencyPendingTtlMs: DEFAULT_IDEMPOTENCY_PENDING_TTL_MS,
    drainGatherMs: DEFAULT_DRAIN_GATHER_MS,
    outboxClearDelayMs: DEFAULT_OUTBOX_CLEAR_DELAY_MS,
    outboxRepairIntervalMs: DEFAULT_OUTBOX_REPAIR_INTERVAL_MS,
    eventFeedSettleMs: DEFAULT_EVENT_FEED_SETTLE_MS,
    pipelineRollupSettleMs: DEFAULT_PIPELINE_ROLLUP_SETTLE_MS,
    mailFrom: 'Funnel <funnel@localhost>',
    allowedOrigins: [],
    deliveryPollMs: DEFAULT_DELIVERY_POLL_MS,
    deliveryRetryBaseMs: DEFAULT_DELIVERY_RETRY_BASE_MS,
    deliveryRetryMaxDelayMs: DEFAULT_DELIVERY_RETRY_MAX_DELAY_MS,
    deliveryRetryWindowMs: DEFAULT_DELIVERY_RETRY_WINDOW_MS,
    mailLeaseMs: DEFAULT_MAIL_LEASE_MS,
    exportStallMs: DEFAULT_EXPORT_STALL_MS,
    webhookTimeoutMs: DEFAULT_WEBHOOK_TIMEOUT_MS,
    webhookConcurrency: DEFAULT_WEBHOOK_CONCURRENCY,
    webhookEndpointsTtlMs: DEFAULT_WEBHOOK_ENDPOINTS_TTL_MS,
    webhookAllowedHosts: [],
    trustProxy: false,
    invitationTtlMs: DEFAULT_INVITATION_TTL_MS,
    passwordResetTtlMs: DEFAULT_PASSWORD_RESET_TTL_MS,
    sessionIdleMs: DEFAULT_SESSION_IDLE_MS,
    sessionMaxAgeMs: DEFAULT_SESSION_MAX_AGE_MS,
    signInWindowMs: DEFAULT_SIGN_IN_WINDOW_MS,
    signInAttemptsPerAccount: DEFAULT_SIGN_IN_ATTEMPTS_PER_ACCOUNT,
    signInAttemptsPerAddress: DEFAULT_SIGN_IN_ATTEMPTS_PER_ADDRESS,
    passwordHashConcurrency: DEFAULT_PASSWORD_HASH_CONCURRENCY,
    passwordHashQueue: DEFAULT_PASSWORD_HASH_QUEUE,
    passwordHashLogN: DEFAULT_PASSWORD_HASH_LOG_N,
    ...overrides,
    tenantConcurrency: { ...DEFAULT_TENANT_CONCURRENCY, ...overrides.tenantConcurrency },
    tenantQueue: { ...DEFAULT_TENANT_QUEUE, ...overrides.tenantQueue },
    maxLengths: { ...DEFAULT_MAX_LENGTHS, ...overrides.maxLengths },
  };
}

/** The limits (sizes, counts, the edge's timeouts) that are one number each, by the variable that overrides it (docs/api.md "Limits"). */
export const LIMIT_ENV = {
  maxRequestBytes: 'FUNNEL_MAX_REQUEST_BYTES',
  maxHeaderBytes: 'FUNNEL_MAX_HEADER_BYTES',
  headersTimeoutMs: 'FUNNEL_HEADERS_TIMEOUT_MS',
  requestTimeoutMs: 'FUNNEL_REQUEST_TIMEOUT_MS',
  maxQueryTokens: 'FUNNEL_MAX_QUERY_TOKENS',
  maxQueryNesting: 'FUNNEL_MAX_QUERY_NESTING',
  maxQueryDepth: 'FUNNEL_MAX_QUERY_DEPTH',
  maxQueryCost: 'FUNNEL_MAX_QUERY_COST',
  maxQueryAliases: 'FUNNEL_MAX_QUERY_ALIASES',
  maxQueryDirectives: 'FUNNEL_MAX_QUERY_DIRECTIVES',
  maxIntrospectionLists: 'FUNNEL_MAX_INTROSPECTION_LISTS',
  maxJsonDepth: 'FUNNEL_MAX_JSON_DEPTH',
  maxJsonNodes: 'FUNNEL_MAX_JSON_NODES',
  maxJsonStringLength: 'FUNNEL_MAX_JSON_STRING_LENGTH',
  maxJsonKeyLength: 'FUNNEL_MAX_JSON_KEY_LENGTH',
  maxInputListLength: 'FUNNEL_MAX_INPUT_LIST_LENGTH',
  maxCsvColumns: 'FUNNEL_MAX_CSV_COLUMNS',
  maxCsvCellLength: 'FUNNEL_MAX_CSV_CELL_LENGTH',
  ownerLeaseMs: 'FUNNEL_OWNER_LEASE_MS',
  ownerLeaseMaxHoldMs: 'FUNNEL_OWNER_LEASE_MAX_HOLD_MS',
  ownerLeaseMaxWaitMs: 'FUNNEL_OWNER_LEASE_MAX_WAIT_MS',
  importTurnMaxWaitMs: 'FUNNEL_IMPORT_TURN_MAX_WAIT_MS',
  importTurnMs: 'FUNNEL_IMPORT_TURN_MS',
  importChunkRows: 'FUNNEL_IMPORT_CHUNK_ROWS',
  idempotencyWaitMs: 'FUNNEL_IDEMPOTENCY_WAIT_MS',
  idempotencyPendingTtlMs: 'FUNNEL_IDEMPOTENCY_PENDING_TTL_MS',
  keyCacheMax: 'FUNNEL_KEY_CACHE_MAX',
} as const satisfies Partial<Record<keyof ApiConfig, string>>;

/** Other settings that are one positive number each (batch sizes, periods), by their variable (README "Configuration"). */
export const SETTING_ENV = {
  sweepBatchSize: 'FUNNEL_SWEEP_BATCH_SIZE',
  scoreRefreshMs: 'FUNNEL_SCORE_REFRESH_MS',
  metricsDaysPerRound: 'FUNNEL_METRICS_DAYS_PER_ROUND',
  outcomeStagesTtlMs: 'FUNNEL_OUTCOME_STAGES_TTL_MS',
  jobStaleAfterMs: 'FUNNEL_JOB_STALE_AFTER_MS',
  outboxClearDelayMs: 'FUNNEL_OUTBOX_CLEAR_DELAY_MS',
  invitationTtlMs: 'FUNNEL_INVITATION_TTL_MS',
  passwordResetTtlMs: 'FUNNEL_PASSWORD_RESET_TTL_MS',
  sessionIdleMs: 'FUNNEL_SESSION_IDLE_MS',
  sessionMaxAgeMs: 'FUNNEL_SESSION_MAX_AGE_MS',
  signInWindowMs: 'FUNNEL_SIGN_IN_WINDOW_MS',
  signInAttemptsPerAccount: 'FUNNEL_SIGN_IN_ATTEMPTS_PER_ACCOUNT',
  signInAttemptsPerAddress: 'FUNNEL_SIGN_IN_ATTEMPTS_PER_ADDRESS',
  passwordHashConcurrency: 'FUNNEL_PASSWORD_HASH_CONCURRENCY',
  passwordHashQueue: 'FUNNEL_PASSWORD_HASH_QUEUE',
  passwordHashLogN: 'FUNNEL_PASSWORD_HASH_LOG_N',
  deliveryRetryBaseMs: 'FUNNEL_DELIVERY_RETRY_BASE_MS',
  deliveryRetryMaxDelayMs: 'FUNNEL_DELIVERY_RETRY_MAX_DELAY_MS',
  deliveryRetryWindowMs: 'FUNNEL_DELIVERY_RETRY_WINDOW_MS',
  mailLeaseMs: 'FUNNEL_MAIL_LEASE_MS',
  exportStallMs: 'FUNNEL_EXPORT_STALL_MS',
  webhookTimeoutMs: 'FUNNEL_WEBHOOK_TIMEOUT_MS',
  webhookConcurrency: 'FUNNEL_WEBHOOK_CONCURRENCY',
  webhookEndpointsTtlMs: 'FUNNEL_WEBHOOK_ENDPOINTS_TTL_MS',
  reportCacheMb: 'FUNNEL_REPORT_CACHE_MB',
} as const satisfies Partial<Record<keyof ApiConfig, string>>;

/**
 * Settings where 0 turns something off (the sweeper's and the metric summaries' loops, the key cache, the revocation
 * poller, the outbox repair, the drain's wait, the kept latest workflow version), means at once (the metric days' and the event feed's settle times) or every time (a key's
 * use is written on every use), by their variable.
 */
export const OFF_AT_ZERO_ENV = {
  sweepIntervalMs: 'FUNNEL_SWEEP_INTERVAL_MS',
  metricsBuildIntervalMs: 'FUNNEL_METRICS_BUILD_INTERVAL_MS',
  metricsDaySettleMs: 'FUNNEL_METRICS_DAY_SETTLE_MS',
  keyCacheTtlMs: 'FUNNEL_KEY_CACHE_TTL_MS',
  keyRevocationPollMs: 'FUNNEL_KEY_REVOCATION_POLL_MS',
  keyLastUsedIntervalMs: 'FUNNEL_KEY_LAST_USED_INTERVAL_MS',
  drainGatherMs: 'FUNNEL_DRAIN_GATHER_MS',
  outboxRepairIntervalMs: 'FUNNEL_OUTBOX_REPAIR_INTERVAL_MS',
  deliveryPollMs: 'FUNNEL_DELIVERY_POLL_MS',
  eventFeedSettleMs: 'FUNNEL_EVENT_FEED_SETTLE_MS',
  pipelineRollupSettleMs: 'FUNNEL_PIPELINE_ROLLUP_SETTLE_MS',
  workflowLatestTtlMs: 'FUNNEL_WORKFLOW_LATEST_TTL_MS',
} as const satisfies Partial<Record<keyof ApiConfig, string>>;

/** `FUNNEL_MAX_LENGTH_<KIND>` (e.g. FUNNEL_MAX_LENGTH_IDEMPOTENCYKEY) overrides one kind of string input's maximum. */
const MAX_LENGTH_ENV_PREFIX = 'FUNNEL_MAX_LENGTH_';

/**
 * The limits and settings set in the environment; a value that is not a positive integer (or, where 0 turns the
 * thing off, a non-negative one) stops the start with its name.
 * @example apiConfig({ ...limitsFromEnv(process.env) })
 */
export function limitsFromEnv(env: Record<string, string | undefined>): ApiConfigOverrides {
  const read = (name: string, min = 1): number | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || value < min) throw new Error(`${name} must be a ${min === 0 ? 'non-negative' : 'positive'} integer, not "${raw}"`);
    return value;
  };
  const limits: ApiConfigOverrides = {};
  for (const [field, name] of Object.entries({ ...LIMIT_ENV, ...SETTING_ENV }) as [keyof typeof LIMIT_ENV | keyof typeof SETTING_ENV, string][]) {
    const value = read(name);
    if (value !== undefined) limits[field] = value;
  }
  for (const [field, name] of Object.entries(OFF_AT_ZERO_ENV) as [keyof typeof OFF_AT_ZERO_ENV, string][]) {
    const value = read(name, 0);
    if (value !== undefined) limits[field] = value;
  }
  const lengths: Partial<MaxLengths> = {};
  for (const kind of Object.keys(DEFAULT_MAX_LENGTHS) as (keyof MaxLengths)[]) {
    const value = read(`${MAX_LENGTH_ENV_PREFIX}${kind.toUpperCase()}`);
    if (value !== undefined) lengths[kind] = value;
  }
  return Object.keys(lengths).length ? { ...limits, maxLengths: lengths } : limits;
}

/** The settings of accounts that are text (README "Configuration"), by the variable that sets each. */
export const ACCOUNT_TEXT_ENV = {
  smtpUrl: 'SMTP_URL',
  mailFrom: 'FUNNEL_MAIL_FROM',
  publicUrl: 'FUNNEL_PUBLIC_URL',
  allowedOrigins: 'FUNNEL_ALLOWED_ORIGINS',
  trustProxy: 'FUNNEL_TRUST_PROXY',
  webhookAllowedHosts: 'FUNNEL_WEBHOOK_ALLOWED_HOSTS',
} as const satisfies Partial<Record<keyof ApiConfig, string>>;

/** An origin as browsers send it: scheme, host and port, no path (`https://crm.example:8443`). */
const ORIGIN = /^https?:\/\/[^/?#\s]+$/;

/**
 * The account settings that are text, from the environment: the mail server and sender, the public address for
 * links, the origins allowed to send cookie requests, and whether to trust a proxy's headers. A malformed one
 * stops the start with its name.
 * @example apiConfig({ ...accountsFromEnv({ SMTP_URL: 'smtp://localhost:2525' }) }).smtpUrl // → 'smtp://localhost:2525'
 */
export function accountsFromEnv(env: Record<string, string | undefined>): ApiConfigOverrides {
  const text = (name: string) => (env[name] ?? '').trim() || undefined;
  const smtpUrl = text(ACCOUNT_TEXT_ENV.smtpUrl);
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) throw new Error(`SMTP_URL must start with smtp:// or smtps://, not "${smtpUrl}"`);
  const publicUrl = text(ACCOUNT_TEXT_ENV.publicUrl)?.replace(/\/+$/, '');
  if (publicUrl && !ORIGIN.test(publicUrl)) throw new Error(`FUNNEL_PUBLIC_URL must be an origin such as https://crm.example, not "${publicUrl}"`);
  const allowedOrigins = (text(ACCOUNT_TEXT_ENV.allowedOrigins) ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  const malformed = allowedOrigins.find((origin) => !ORIGIN.test(origin));
  if (malformed) throw new Error(`FUNNEL_ALLOWED_ORIGINS: "${malformed}" is not an origin such as https://crm.example`);
  const mailFrom = text(ACCOUNT_TEXT_ENV.mailFrom);
  const webhookAllowedHosts = (text(ACCOUNT_TEXT_ENV.webhookAllowedHosts) ?? '')
    .split(',')
    .map((host) => host.trim().toLowerCase())
    .filter(Boolean);
  return {
    webhookAllowedHosts,
    ...(smtpUrl ? { smtpUrl } : {}),
    ...(mailFrom ? { mailFrom } : {}),
    ...(publicUrl ? { publicUrl } : {}),
    allowedOrigins,
    trustProxy: text(ACCOUNT_TEXT_ENV.trustProxy) === '1',
  };
}
