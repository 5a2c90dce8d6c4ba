// How long createRecord takes to refuse a 9,000-character value against a published `^(a+)+$` field pattern
// (a backtracking engine takes longer than a minute on 34 characters), next to the same request with a value that
// passes a plain pattern; medians of ROUNDS requests in process through yoga.fetch on the embedded store.
// Run: npx tsx api/bench/field-patterns.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { startEmbeddedMongo } from '@funnel/embedded-mongo';
import { getTemplate, type WorkflowDefinition } from '@funnel/schemas';
import { createFunnelServer } from '../src/yoga';

const ROUNDS = 31;
const VALUE_LENGTH = 9000;
/** The bound for the refusal of a catastrophic pattern: "well under 100 ms". */
const MAX_REFUSAL_MS = 100;
const ROOT = 'bench-root-key';

const mongo = await startEmbeddedMongo({ inMemory: true });
const server = await createFunnelServer({ uri: mongo.uri, config: { rootKey: ROOT, sweepIntervalMs: 0, log: () => undefined } });
const gql = async (key: string, query: string, variables: Record<string, unknown> = {}) => {
  const body = JSON.stringify({ query, variables });
  const response = await server.yoga.fetch('http://bench/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), authorization: `Bearer ${key}` },
    body,
  });
  return (await response.json()) as { data: Record<string, any> };
};

const tenant = await gql(ROOT, 'mutation { createTenant(input: { name: "Bench" }) { ... on CreateTenantPayload { adminKey } } }');
const admin = tenant.data.createTenant.adminKey as string;
const definition = structuredClone(getTemplate('standard_trunk').definition) as WorkflowDefinition;
definition.fields.properties.evil = { type: 'string', pattern: '^(a+)+$' };
definition.fields.properties.plain = { type: 'string', pattern: '^[a-z]+$' };
await gql(admin, 'mutation($i: SaveWorkflowDraftInput!) { saveWorkflowDraft(input: $i) { __typename } }', { i: { key: 'standard_trunk', definition } });
const published = await gql(admin, 'mutation { publishWorkflow(input: { key: "standard_trunk" }) { __typename } }');
if (published.data.publishWorkflow.__typename !== 'WorkflowVersion') throw new Error('the bench workflow did not publish');

const CREATE = 'mutation($i: CreateRecordInput!) { createRecord(input: $i) { __typename } }';
async function medianMs(fields: Record<string, unknown>, expected: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const started = performance.now();
    const result = await gql(admin, CREATE, { i: { workflowKey: 'standard_trunk', fields: { name: `Bench ${i}`, ...fields } } });
    times.push(performance.now() - started);
    if (result.data.createRecord.__typename !== expected) throw new Error(`expected ${expected}, got ${result.data.createRecord.__typename}`);
  }
  return times.sort((a, b) => a - b)[Math.floor(ROUNDS / 2)] ?? 0;
}

const evil = await medianMs({ evil: `${'a'.repeat(VALUE_LENGTH)}!` }, 'ValidationFailed');
const plain = await medianMs({ plain: 'a'.repeat(VALUE_LENGTH) }, 'Record');
const rows = [
  {
    benchmark: `createRecord refused: ^(a+)+$ against ${VALUE_LENGTH.toLocaleString('en')} characters (median)`,
    value: Number(evil.toFixed(1)),
    unit: 'ms',
    target: `< ${MAX_REFUSAL_MS} ms`,
    met: evil < MAX_REFUSAL_MS,
  },
  {
    benchmark: `createRecord stored: ^[a-z]+$ against ${VALUE_LENGTH.toLocaleString('en')} characters (median)`,
    value: Number(plain.toFixed(1)),
    unit: 'ms',
    target: '',
    met: '',
  },
];
console.log('| benchmark | value | unit | target | met |');
console.log('| --- | --- | --- | --- | --- |');
for (const r of rows) console.log(`| ${r.benchmark} | ${r.value} | ${r.unit} | ${r.target} | ${r.met === '' ? '' : r.met ? 'yes' : 'NO'} |`);
mkdirSync('artifacts/bench', { recursive: true });
writeFileSync('artifacts/bench/field-patterns.json', JSON.stringify(rows, null, 2));
await server.close();
await mongo.close();
process.exit(0);
