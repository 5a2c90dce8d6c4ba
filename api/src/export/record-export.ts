import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { stringify } from 'csv-stringify';
import { PHASES } from '@funnel/schemas';
import { accountOf, LOCALES, type Locale } from '../accounts/account-settings';
import { callerScope, scopeRefusal } from '../auth/key-scope';
import { requestFacts } from '../auth/request-facts';
import { sessionTokenOf } from '../auth/session-cookie';
import { otherSiteProblem } from '../auth/session-cookies';
import type { UserViewer } from '../auth/viewer';
import { ApiError, BusyError, NotFoundError } from '../errors';
import { refusalBody } from '../json-refusals';
import { viewerOf } from '../request-context';
import { boardFilter } from '../services/board';
import { recordFilter } from '../services/record-filter';
import { recordsPage } from '../services/record-reads';
import type { Services } from '../services/services';
import { UserLoader } from '../services/user-loader';
import { exportColumns } from './export-columns';

/** Where a records export is downloaded: `GET /export/records.csv?workflowKey=…&stage=…`. */
export const RECORD_EXPORT_PATH = '/export/records.csv';

/** Records read from the store per page while streaming: the server holds about this many at a time. */
const EXPORT_PAGE = 500;

/** The query parameters an export takes: the records list's filters, the board's, and the language of its titles. */
const TEXT_PARAMS = ['workflowKey', 'stage', 'owner', 'search', 'source', 'pipeline'] as const;
const PARAMS = new Set<string>([...TEXT_PARAMS, 'phase', 'inPool', 'dueBefore', 'minScore', 'followUpOverdue', 'scope', 'locale']);
const SCOPES = ['mine', 'team', 'everyone'] as const;

/** A refusal of the request before anything is streamed: an HTTP status and the api's code, message and pointer. */
class ExportRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** The filters an export was asked for, read and checked from its query string. */
interface ExportRequest {
  workflowKey: string;
  text: Partial<Record<(typeof TEXT_PARAMS)[number], string>>;
  phase: string | null;
  inPool: boolean | null;
  dueBefore: Date | null;
  minScore: number | null;
  followUpOverdue: boolean | null;
  scope: (typeof SCOPES)[number] | null;
  locale: Locale | null;
}

function invalid(name: string, message: string): ExportRefusal {
  return new ExportRefusal(400, 'VALIDATION_FAILED', `/query/${name}: ${message}`);
}

function oneOf<T extends string>(name: string, value: string | null, allowed: readonly T[]): T | null {
  if (value === null) return null;
  if (!(allowed as readonly string[]).includes(value)) throw invalid(name, `must be one of ${allowed.join(', ')}, not "${value}"`);
  return value as T;
}

function flag(name: string, value: string | null): boolean | null {
  const read = oneOf(name, value, ['true', 'false'] as const);
  return read === null ? null : read === 'true';
}

/**
 * Reads an export's query string: every parameter known, each once, each within its length and of its type; the
 * first problem refuses the request with its pointer (`/query/<name>`).
 * @example exportRequest(new URLSearchParams('workflowKey=deals&stage=sql'), services.config.maxLengths)
 */
function exportRequest(params: URLSearchParams, maxLengths: Services['config']['maxLengths']): ExportRequest {
  for (const name of new Set(params.keys())) {
    if (!PARAMS.has(name)) throw invalid(name, `is not a parameter of an export; use ${[...PARAMS].join(', ')}`);
    if (params.getAll(name).length > 1) throw invalid(name, 'is given more than once');
  }
  const text: ExportRequest['text'] = {};
  for (const name of TEXT_PARAMS) {
    const value = params.get(name);
    if (value === null) continue;
    const max = name === 'search' || name === 'source' ? maxLengths.name : name === 'owner' ? maxLengths.id : maxLengths.key;
    if (value.length > max) throw invalid(name, `is ${value.length} characters long, more than ${max}`);
    text[name] = value;
  }
  if (!text.workflowKey) throw invalid('workflowKey', 'is required: the workflow whose records to export');
  const dueBefore = params.get('dueBefore');
  const due = dueBefore === null ? null : new Date(dueBefore);
  if (due && Number.isNaN(due.getTime())) throw invalid('dueBefore', `"${dueBefore}" is not a date and time (ISO 8601)`);
  const minScore = params.get('minScore');
  if (minScore !== null && !/^-?\d{1,9}$/.test(minScore)) throw invalid('minScore', `"${minScore}" is not a whole number`);
  return {
    workflowKey: text.workflowKey,
    text,
    phase: oneOf('phase', params.get('phase'), PHASES),
    inPool: flag('inPool', params.get('inPool')),
    dueBefore: due,
    minScore: minScore === null ? null : Number(minScore),
    followUpOverdue: flag('followUpOverdue', params.get('followUpOverdue')),
    scope: oneOf('scope', params.get('scope'), SCOPES),
    locale: oneOf('locale', params.get('locale'), LOCALES),
  };
}

/** A node request's headers as fetch's Headers (repeated ones joined), and the request as the edge's checks read it. */
function fetchRequest(req: IncomingMessage): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  return new Request(`http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`, { headers });
}

/**
 * Who may export: a user of a tenant whose credential may read the records list (a key's scope included). A request
 * the session cookie signs in must come from the api's own pages, as GraphQL asks (docs/decisions.md 26): a link
 * followed from another site does not export.
 */
async function exporter(services: Services, req: IncomingMessage): Promise<UserViewer> {
  const request = fetchRequest(req);
  const authorization = request.headers.get('authorization');
  const cookie = request.headers.get('cookie');
  if (!authorization && sessionTokenOf(cookie)) {
    const { origin } = requestFacts({ request, req, trustProxy: services.config.trustProxy });
    const problem = otherSiteProblem({ headers: request.headers, origin, allowedOrigins: services.config.allowedOrigins });
    if (problem)
      throw new ExportRefusal(
        403,
        'CROSS_SITE_REFUSED',
        `An export signed in by the session cookie was refused: ${problem}. Download it from Funnel's own pages`,
      );
  }
  const viewer = await viewerOf(services, { authorization, cookie });
  if (viewer.kind !== 'user') throw new ExportRefusal(401, 'UNAUTHENTICATED', 'Sign in, or send an API key as Authorization: Bearer <key>, to export records');
  const refused = scopeRefusal(callerScope(viewer), { type: 'query', fields: ['records'] });
  if (refused) throw new ExportRefusal(403, 'FORBIDDEN', `${refused.message}: an export reads what the records list reads`);
  return viewer;
}

/** How a wait for a stream to drain ended: drained, the response closed, or nothing read for `ms`. */
async function drainOf(input: { csv: NodeJS.EventEmitter; closed: Promise<unknown>; ms: number }): Promise<'drained' | 'closed' | 'stalled'> {
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), input.ms);
  try {
    return await Promise.race([
      once(input.csv, 'drain', { signal: stop.signal }).then(
        () => 'drained' as const,
        () => 'stalled' as const,
      ),
      input.closed.then(() => 'closed' as const),
    ]);
  } finally {
    clearTimeout(timer);
    stop.abort();
  }
}

/**
 * Streams the records one filter selects as CSV, in pages of EXPORT_PAGE, waiting whenever the client reads slower
 * than the store answers, so an export of any size holds one page at a time. Stops when the client goes away.
 */
async function streamRecords(input: { services: Services; viewer: UserViewer; request: ExportRequest; res: ServerResponse }): Promise<void> {
  const { services, viewer, request, res } = input;
  const { tenantId } = viewer;
  const workflow = await services.workflows.latest({ tenantId, key: request.workflowKey });
  const now = request.followUpOverdue !== null ? await services.clock.now(tenantId) : 0;
  const query = {
    ...recordFilter(
      tenantId,
      {
        stage: request.text.stage ?? null,
        phase: request.phase,
        inPool: request.inPool,
        dueBefore: request.dueBefore,
        minScore: request.minScore,
        followUpOverdue: request.followUpOverdue,
      },
      now,
    ),
    ...(await boardFilter(services, {
      tenantId,
      viewerId: viewer.user._id,
      workflowKey: request.workflowKey,
      pipeline: request.text.pipeline ?? null,
      scope: request.scope,
      owner: request.text.owner ?? null,
      source: request.text.source ?? null,
      search: request.text.search ?? null,
    })),
  };
  const account = accountOf(viewer.user);
  const columns = exportColumns({ workflow, locale: request.locale ?? (account.locale as Locale), timeZone: account.timeZone });
  const users = new UserLoader(services.models, tenantId);
  res.writeHead(200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${encodeURIComponent(request.workflowKey)}-records.csv"`,
    'cache-control': 'no-store',
  });
  // A byte order mark, so a spreadsheet opens Chinese titles and names as UTF-8.
  const csv = stringify({ bom: true });
  csv.pipe(res);
  const closed = finished(res).catch(() => undefined);
  const write = async (row: string[]) => {
    if (csv.write(row)) return;
    // A client that went away never drains, and one that stopped reading (a paused download) may never: waiting ends
    // with the response, or after `exportStallMs` without a drain, when the download is cut and the slot freed.
    const waited = await drainOf({ csv, closed, ms: services.config.exportStallMs });
    if (waited === 'stalled') throw new Error(`the client read nothing for ${services.config.exportStallMs} ms`);
  };
  await write(columns.header);
  let after: string | null = null;
  while (!res.destroyed) {
    const page = await recordsPage(services, query, { idRange: after ? { _id: { $gt: after } } : {}, sort: { _id: 1 }, limit: EXPORT_PAGE });
    const owners = await Promise.all(page.map((record) => users.byId(record.owner)));
    for (const [i, record] of page.entries()) await write(columns.row(record, owners[i]?.name ?? null));
    if (page.length < EXPORT_PAGE) break;
    after = page.at(-1)?.id ?? null;
  }
  csv.end();
  await closed;
}

/** Answers a refusal as every other refusal of the api: a JSON body with its code and message. */
function refuse(res: ServerResponse, refusal: ExportRefusal): void {
  res.writeHead(refusal.status, { 'content-type': 'application/json; charset=utf-8', ...refusal.headers });
  res.end(refusalBody(refusal.code, refusal.message));
}

/** The api's own errors as export refusals (a workflow never published, a tenant's exports all running). */
function asRefusal(error: unknown): ExportRefusal | null {
  if (error instanceof ExportRefusal) return error;
  if (error instanceof BusyError) return new ExportRefusal(503, error.code, error.message, { 'retry-after': String(Math.ceil(error.retryAfterMs / 1000)) });
  if (error instanceof NotFoundError) return new ExportRefusal(404, error.code, `/query/workflowKey: ${error.message}`);
  if (error instanceof ApiError) return new ExportRefusal(400, error.code, error.message);
  return null;
}

/**
 * The records export (`GET /export/records.csv`, docs/api.md "Exports"): the records of a workflow a records-list or
 * board filter selects, as CSV with the reader's column titles, stage names and date formats, streamed. Signed in as
 * for GraphQL (a key or the session cookie); each tenant runs `tenantConcurrency.export` at once.
 * @example if (req.url?.startsWith(RECORD_EXPORT_PATH)) await exportRecords(services, req, res)
 */
export async function exportRecords(services: Services, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    if (req.method !== 'GET') throw new ExportRefusal(405, 'METHOD_NOT_ALLOWED', 'An export is read with GET', { allow: 'GET' });
    const viewer = await exporter(services, req);
    const request = exportRequest(new URL(req.url ?? '/', 'http://export').searchParams, services.config.maxLengths);
    await services.tenantConcurrency.run({ tenantId: viewer.tenantId, operation: 'export' }, () => streamRecords({ services, viewer, request, res }));
  } catch (error) {
    const refusal = asRefusal(error);
    if (refusal && !res.headersSent) return refuse(res, refusal);
    // Streaming had begun: the client sees the download cut short, never a file that looks whole.
    services.log(JSON.stringify({ level: 'error', message: 'records export failed', error: error instanceof Error ? error.message : String(error) }));
    res.destroy();
  }
}
