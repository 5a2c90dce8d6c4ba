// (The leading underscore keeps `pnpm bench` from running this helper as a benchmark.)
// The benchmark's load generator, run as its own process so the clients never share an event loop with
// the server they measure. Keep-alive sockets (one per client), like a real app's HTTP client.
// Input: one JSON `LoadPlan` as argv[2]; output: one JSON `LoadResult` line on stdout.
import { Agent, request } from 'node:http';
import { WARMED, type LoadPlan, type LoadResult } from './_load-client-protocol';

/** The transitions each client cycles through (lead → mql → pool → lead). */
export const TRANSITION_CYCLE = ['qualify', 'disqualify', 'reactivate'] as const;

/** Requests each client sends before the measured run (JIT, sockets, caches); a whole number of cycles. */
const WARMUP_PER_CLIENT = 150;

const TRANSITION = 'mutation($i: TransitionRecordInput!) { transitionRecord(input: $i) { __typename ... on Record { version } } }';

function post(input: { agent: Agent; url: URL; headers: Record<string, string>; body: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      input.url,
      {
        method: 'POST',
        agent: input.agent,
        headers: { ...input.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(input.body) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => (res.statusCode === 200 ? resolve(text) : reject(new Error(`HTTP ${res.statusCode}: ${text}`))));
      },
    );
    req.on('error', reject);
    req.end(input.body);
  });
}

/** One request of a plan for `client` at step `i`; throws on a wrong answer. */
function step(plan: LoadPlan, agent: Agent, url: URL): (client: number, i: number) => Promise<void> {
  switch (plan.type) {
    case 'graphql-transition': {
      const versions = [...plan.versions];
      return async (client, i) => {
        const transition = TRANSITION_CYCLE[i % TRANSITION_CYCLE.length];
        const body = JSON.stringify({ query: TRANSITION, variables: { i: { id: plan.ids[client], transition, expectedVersion: versions[client] } } });
        const text = await post({ agent, url, headers: { authorization: `Bearer ${plan.key}` }, body });
        const out = JSON.parse(text) as { data?: { transitionRecord?: { __typename: string; version: number } } };
        if (out.data?.transitionRecord?.__typename !== 'Record') throw new Error(text);
        versions[client] = out.data.transitionRecord.version;
      };
    }
    case 'raw-transition':
      return async (client, i) => {
        const transition = TRANSITION_CYCLE[i % TRANSITION_CYCLE.length];
        const text = await post({ agent, url, headers: {}, body: JSON.stringify({ id: plan.ids[client], transition }) });
        if ((JSON.parse(text) as { type: string }).type !== 'applied') throw new Error(text);
      };
    case 'fixed': {
      const headers: Record<string, string> = plan.key ? { authorization: `Bearer ${plan.key}` } : {};
      return async () => {
        const text = await post({ agent, url, headers, body: plan.body });
        if (text.includes('"errors"')) throw new Error(text);
      };
    }
    default: {
      const unreachable: never = plan;
      throw new Error(`unknown plan ${JSON.stringify(unreachable)}`);
    }
  }
}

const plan = JSON.parse(process.argv[2] as string) as LoadPlan;
const agent = new Agent({ keepAlive: true, maxSockets: plan.clients });
const send = step(plan, agent, new URL(plan.url));
const perClient = Math.floor(plan.ops / plan.clients);
await Promise.all(
  Array.from({ length: plan.clients }, async (_, client) => {
    for (let i = 0; i < WARMUP_PER_CLIENT; i++) await send(client, i);
  }),
);
process.stdout.write(`${WARMED}\n`);
const latencies: number[] = [];
const started = performance.now();
await Promise.all(
  Array.from({ length: plan.clients }, async (_, client) => {
    for (let i = 0; i < perClient; i++) {
      const t0 = performance.now();
      await send(client, i);
      latencies.push(performance.now() - t0);
    }
  }),
);
const result: LoadResult = { perSecond: (perClient * plan.clients) / ((performance.now() - started) / 1000), latencies };
process.stdout.write(`${JSON.stringify(result)}\n`);
agent.destroy();
