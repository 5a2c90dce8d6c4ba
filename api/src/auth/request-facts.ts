import type { IncomingMessage } from 'node:http';

/** What the edge knows of where a request comes from and how it reached the api. */
export interface RequestFacts {
  /** The api's own origin as this request addressed it (`https://crm.example`): links and the CSRF check use it. */
  origin: string;
  /** Whether the client reached the api over TLS (directly, or through a trusted proxy that says so): cookies get `Secure`. */
  secure: boolean;
  /** The client's address, for sign-in limits; null where there is no socket (yoga.fetch in tests). */
  address: string | null;
}

const first = (value: string | null) => value?.split(',')[0]?.trim() || null;

/**
 * Where a request comes from. Behind a proxy (`trustProxy`), the scheme, host and client address are the proxy's
 * X-Forwarded-Proto, X-Forwarded-Host and the last X-Forwarded-For entry (the address the proxy itself saw);
 * otherwise the request's own URL and socket.
 * @example requestFacts({ request, req, trustProxy: false }) // → { origin: 'http://localhost:4000', secure: false, address: '127.0.0.1' }
 */
export function requestFacts(input: { request: Request; req?: IncomingMessage; trustProxy: boolean }): RequestFacts {
  const url = new URL(input.request.url);
  const headers = input.request.headers;
  const proto = (input.trustProxy && first(headers.get('x-forwarded-proto'))) || url.protocol.replace(/:$/, '');
  const host = (input.trustProxy && first(headers.get('x-forwarded-host'))) || url.host;
  const forwarded = input.trustProxy ? headers.get('x-forwarded-for')?.split(',').at(-1)?.trim() : undefined;
  return { origin: `${proto}://${host}`, secure: proto === 'https', address: forwarded || input.req?.socket.remoteAddress || null };
}
