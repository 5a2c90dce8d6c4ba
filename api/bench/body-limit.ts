// graphql-yoga 5.24's own request body limit (every body piped through a TransformStream) against the
// api's Content-Length check before the body is read. Same tiny query, 10 concurrent clients over HTTP.
// Run: npx tsx api/bench/body-limit.ts   (BENCH_REQUESTS to change the size)
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSchema, createYoga } from 'graphql-yoga';
import { DEFAULT_MAX_REQUEST_BYTES } from '../src/config';
import { useRequestSizeLimit } from '../src/request-size-limit';

const CLIENTS = 10;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 4000);
const schema = createSchema({ typeDefs: 'type Query { hello: String! }', resolvers: { Query: { hello: () => 'hi' } } });
const body = JSON.stringify({ query: '{ hello }' });

async function measure(yoga: ReturnType<typeof createYoga>): Promise<number> {
  const server = createServer(yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  const post = () => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then((r) => r.json());
  for (let i = 0; i < 200; i++) await post();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (let i = 0; i < REQUESTS / CLIENTS; i++) await post();
    }),
  );
  const perSecond = REQUESTS / ((performance.now() - started) / 1000);
  server.close();
  return perSecond;
}

const yogaLimit = await measure(createYoga({ schema, logging: false, maxRequestBodySize: DEFAULT_MAX_REQUEST_BYTES }));
const headerCheck = await measure(createYoga({ schema, logging: false, maxRequestBodySize: false, plugins: [useRequestSizeLimit(DEFAULT_MAX_REQUEST_BYTES)] }));
const rows = [
  { benchmark: "yoga's own body limit (maxRequestBodySize)", value: Math.round(yogaLimit), unit: 'requests/s', target: '', met: '' },
  {
    benchmark: 'Content-Length check before reading (api)',
    value: Math.round(headerCheck),
    unit: 'requests/s',
    target: '≥ yoga limit',
    met: headerCheck >= yogaLimit,
  },
  { benchmark: 'speed-up of the header check', value: Number((headerCheck / yogaLimit).toFixed(2)), unit: '×', target: '', met: '' },
];
console.log('| benchmark | value | unit | target | met |');
console.log('| --- | --- | --- | --- | --- |');
for (const r of rows) console.log(`| ${r.benchmark} | ${r.value} | ${r.unit} | ${r.target} | ${r.met === '' ? '' : r.met ? 'yes' : 'no'} |`);
mkdirSync('artifacts/bench', { recursive: true });
writeFileSync('artifacts/bench/body-limit.json', JSON.stringify(rows, null, 2));
process.exit(0);
