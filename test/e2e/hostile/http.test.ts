import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createHttpServer } from '@funnel/api';
import { RECORD_RESULT, startHarness, type Harness } from '../harness';
import { post, runHostileCase, type HostileCase, type HostileContext } from './hostile-harness';

/** Small on purpose: the 431 case sends a header just over it; everything else stays far under. */
const MAX_HEADER_BYTES = 4096;
/** Small on purpose, so the 413 case sends a body just over it. */
const MAX_REQUEST_BYTES = 64 * 1024;
/** Short on purpose, so a request that trickles its headers is cut off within the test. */
const HEADERS_TIMEOUT_MS = 300;
const TYPENAME = JSON.stringify({ query: '{ __typename }' });

let ctx: HostileContext;
let http: Server;
let base: string;

beforeAll(async () => {
  const h: Harness = await startHarness({
    maxHeaderBytes: MAX_HEADER_BYTES,
    maxRequestBytes: MAX_REQUEST_BYTES,
    headersTimeoutMs: HEADERS_TIMEOUT_MS,
    requestTimeoutMs: 4 * HEADERS_TIMEOUT_MS,
  });
  const t = await h.tenant('Hostile HTTP');
  const other = await h.tenant('Hostile HTTP other');
  const create = `mutation($i: CreateRecordInput!) { createRecord(input: $i) { ${RECORD_RESULT} } }`;
  const mine = await h.gql(t.admin, create, { i: { workflowKey: 'standard_trunk', fields: { name: 'Victim' } } });
  const theirs = await h.gql(other.admin, create, { i: { workflowKey: 'standard_trunk', fields: { name: 'Other' } } });
  ctx = { h, t, other, recordId: mine.data?.createRecord.id, otherRecordId: theirs.data?.createRecord.id };
  http = createHttpServer(h.server);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => http?.close(resolve));
  await ctx?.h.close();
});

/** Sends through yoga.fetch with any method, headers and body (no Content-Type unless given). */
function raw(c: HostileContext, init: { method?: string; path?: string; headers?: Record<string, string>; body?: string }): Promise<Response> {
  return Promise.resolve(
    c.h.server.yoga.fetch(`http://test${init.path ?? '/graphql'}`, {
      method: init.method ?? 'POST',
      headers: {
        authorization: `Bearer ${c.t.admin}`,
        ...(init.body !== undefined ? { 'content-length': String(Buffer.byteLength(init.body)) } : {}),
        ...init.headers,
      },
      ...(init.body !== undefined ? { body: init.body } : {}),
    }),
  );
}

/**
 * Writes bytes on a socket to the real server and turns its raw reply into a Response (for what fetch cannot
 * send); `keepOpen` leaves the socket open after them, as a client still sending would.
 */
function socketRequest(bytes: string, options: { keepOpen?: boolean } = {}): Promise<Response> {
  const { port } = http.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => (options.keepOpen ? socket.write(bytes) : socket.end(bytes)));
    let reply = '';
    socket.on('data', (chunk) => (reply += chunk.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', ...rest] = reply.split('\r\n\r\n');
      const status = Number(head.split(' ')[1]);
      resolve(new Response(rest.join('\r\n\r\n'), { status, headers: { 'content-type': /content-type: ([^\r]+)/i.exec(head)?.[1] ?? 'text/plain' } }));
    });
  });
}

const cases: HostileCase[] = [
  { name: 'a truncated JSON body', send: (c) => post(c.h, { key: c.t.admin, body: '{"query":' }), expect: { status: 400, refused: 'BAD_REQUEST' } },
  {
    name: 'JSON followed by garbage',
    send: (c) => post(c.h, { key: c.t.admin, body: `${TYPENAME} trailing` }),
    expect: { status: 400, refused: 'BAD_REQUEST' },
  },
  {
    name: 'JSON with single quotes',
    send: (c) => post(c.h, { key: c.t.admin, body: "{'query':'{ __typename }'}" }),
    expect: { status: 400, refused: 'BAD_REQUEST' },
  },
  {
    name: 'a body that is not UTF-8',
    send: (c) => post(c.h, { key: c.t.admin, body: new Uint8Array([0xff, 0xfe, 0x7b, 0x00]) }),
    expect: { status: 400, refused: 'BAD_REQUEST' },
  },
  { name: 'an empty body', send: (c) => post(c.h, { key: c.t.admin, body: '' }), expect: { status: 400, refused: 'BAD_REQUEST' } },
  {
    name: 'a JSON array body (a batch; batching is off)',
    send: (c) => post(c.h, { key: c.t.admin, body: `[${TYPENAME},${TYPENAME}]` }),
    expect: { status: 400, refused: 'BAD_REQUEST' },
  },
  {
    name: 'a body that is a JSON string',
    send: (c) => post(c.h, { key: c.t.admin, body: '"{ __typename }"' }),
    expect: { status: 400, refused: 'BAD_REQUEST' },
  },
  { name: 'a body that is a JSON number', send: (c) => post(c.h, { key: c.t.admin, body: '42' }), expect: { status: 400, refused: 'BAD_REQUEST' } },
  { name: 'a body that is JSON null', send: (c) => post(c.h, { key: c.t.admin, body: 'null' }), expect: { status: 400, refused: 'BAD_REQUEST' } },
  { name: 'a JSON object without a query', send: (c) => post(c.h, { key: c.t.admin, body: '{}' }), expect: { status: 400, refused: 'BAD_REQUEST' } },
  { name: 'a query that is a number', send: (c) => post(c.h, { key: c.t.admin, body: '{"query":5}' }), expect: { status: 400, refused: 'BAD_REQUEST' } },
  {
    name: 'variables that are an array',
    send: (c) => post(c.h, { key: c.t.admin, body: '{"query":"{ __typename }","variables":[1]}' }),
    expect: { status: 400, refused: 'BAD_REQUEST' },
  },
  {
    name: 'Content-Type text/plain',
    send: (c) => raw(c, { body: TYPENAME, headers: { 'content-type': 'text/plain' } }),
    expect: { status: 415, refused: 'UNSUPPORTED_MEDIA_TYPE' },
  },
  {
    name: 'Content-Type application/xml',
    send: (c) => raw(c, { body: '<query>{ __typename }</query>', headers: { 'content-type': 'application/xml' } }),
    expect: { status: 415, refused: 'UNSUPPORTED_MEDIA_TYPE' },
  },
  { name: 'no Content-Type at all', send: (c) => raw(c, { body: TYPENAME }), expect: { status: 415, refused: 'UNSUPPORTED_MEDIA_TYPE' } },
  {
    name: 'a Content-Type that is not a media type',
    send: (c) => raw(c, { body: TYPENAME, headers: { 'content-type': ';;;==' } }),
    expect: { status: 415, refused: 'UNSUPPORTED_MEDIA_TYPE' },
  },
  {
    name: 'multipart/form-data without a boundary',
    send: (c) => raw(c, { body: TYPENAME, headers: { 'content-type': 'multipart/form-data' } }),
    expect: { status: 415, refused: 'UNSUPPORTED_MEDIA_TYPE' },
  },
  {
    name: 'a form-encoded body',
    send: (c) => raw(c, { body: 'query=%7B__typename%7D', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
    expect: { status: 415, refused: 'UNSUPPORTED_MEDIA_TYPE' },
  },
  {
    name: 'an Accept header the api cannot answer',
    send: (c) => post(c.h, { key: c.t.admin, body: TYPENAME, headers: { accept: 'application/xml' } }),
    expect: { status: 406, refused: 'NOT_ACCEPTABLE' },
  },
  {
    name: 'PUT',
    send: (c) => raw(c, { method: 'PUT', body: TYPENAME, headers: { 'content-type': 'application/json' } }),
    expect: { status: 405, refused: 'METHOD_NOT_ALLOWED' },
  },
  { name: 'DELETE', send: (c) => raw(c, { method: 'DELETE' }), expect: { status: 405, refused: 'METHOD_NOT_ALLOWED' } },
  {
    name: 'a mutation sent with GET',
    send: (c) =>
      raw(c, {
        method: 'GET',
        path: `/graphql?query=${encodeURIComponent('mutation { createUser(input: { name: "Eve", roles: [admin] }) { __typename } }')}`,
        headers: { accept: 'application/json' },
      }),
    expect: { status: 405, refused: 'METHOD_NOT_ALLOWED' },
  },
  {
    name: 'GET without a query',
    send: (c) => raw(c, { method: 'GET', headers: { accept: 'application/json' } }),
    expect: { status: 400, refused: 'BAD_REQUEST' },
  },
  { name: 'a path that does not exist', send: (c) => raw(c, { method: 'GET', path: '/graphql-nope' }), expect: { status: 404, refused: 'NOT_FOUND' } },
  {
    name: 'a body over the size limit',
    send: (c) => post(c.h, { key: c.t.admin, body: JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(MAX_REQUEST_BYTES) } }) }),
    expect: { status: 413, refused: 'REQUEST_TOO_LARGE' },
  },
  {
    name: 'a Content-Length that is not a number',
    send: (c) => raw(c, { body: TYPENAME, headers: { 'content-type': 'application/json', 'content-length': 'abc' } }),
    expect: { status: 400, refused: 'BAD_REQUEST' },
  },
  {
    name: 'a chunked body without a length (real server)',
    send: (c) =>
      fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${c.t.admin}` },
        body: new Blob([TYPENAME]).stream(),
        duplex: 'half',
      } as RequestInit),
    expect: { status: 411, refused: 'LENGTH_REQUIRED' },
  },
  {
    name: 'request headers over the header limit (real server)',
    send: (c) =>
      fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${c.t.admin}`, 'x-pad': 'x'.repeat(MAX_HEADER_BYTES) },
        body: TYPENAME,
      }),
    expect: { status: 431, refused: 'HEADERS_TOO_LARGE' },
  },
  {
    name: 'two different Content-Lengths (real server)',
    send: () =>
      socketRequest(`POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 24\r\nContent-Length: 5\r\n\r\n${TYPENAME}`),
    expect: { status: 400, refused: 'BAD_REQUEST' },
  },
  {
    name: 'headers that never end (real server, slowloris)',
    send: () => socketRequest('POST /graphql HTTP/1.1\r\nHost: x\r\nX-Slow: 1\r\n', { keepOpen: true }),
    expect: { status: 408, refused: 'REQUEST_TIMEOUT' },
  },
  {
    name: 'a request line that is not HTTP (real server)',
    send: () => socketRequest('HELLO THERE\r\n\r\n'),
    expect: { status: 400, refused: 'BAD_REQUEST' },
  },
];

describe('hostile HTTP requests get a 4xx with a JSON body saying what is wrong', () => {
  it.each(cases.map((c) => [c.name, c] as const))('refuses %s', async (_name, c) => {
    await runHostileCase(ctx, c);
  });
});
