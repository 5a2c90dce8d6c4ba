import { createServer, STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { HTTP_REFUSALS, refusalBody } from './json-refusals';
import type { FunnelServer } from './yoga';

const NODE_CHECKING_INTERVAL_MS = 30_000;

/** What node's HTTP parser refused, by its error code: the rest is a malformed request (400). */
const CLIENT_ERROR_STATUS: Readonly<Record<string, number>> = {
  HPE_HEADER_OVERFLOW: 431,
  ERR_HTTP_REQUEST_TIMEOUT: 408,
};

/**
 * Answers a request node's parser refused before the api saw it (headers over `maxHeaderBytes`, a malformed
 * request line, two Content-Lengths) with a JSON body like every other refusal, then closes the connection.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  // A reset connection has no one left to answer; one whose response started cannot take another.
  if (error.code === 'ECONNRESET' || !socket.writable || (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent) {
    socket.destroy();
    return;
  }
  const status = CLIENT_ERROR_STATUS[error.code ?? ''] ?? 400;
  const refusal = HTTP_REFUSALS[status] ?? { code: 'BAD_REQUEST', message: 'The request is malformed' };
  const body = refusalBody(refusal.code, status === 400 ? `The request is not valid HTTP (${error.code ?? 'unknown'})` : refusal.message);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * The node HTTP server of an api: request headers over `config.maxHeaderBytes` get 431, a request not sent
 * within `headersTimeoutMs` (its headers) or `requestTimeoutMs` (all of it) 408, and whatever else node's
 * parser refuses 400, each with a JSON body. main.ts listens on it; tests listen on port 0.
 * @example createHttpServer(await createFunnelServer({ uri })).listen(4000)
 */
export function createHttpServer(server: FunnelServer): Server {
  const { maxHeaderBytes, headersTimeoutMs, requestTimeoutMs } = server.config;
  const http = createServer(
    {
      maxHeaderSize: maxHeaderBytes,
      headersTimeout: headersTimeoutMs,
      requestTimeout: requestTimeoutMs,
      // Node looks for timed-out requests every 30 s by default: often enough for its own 60 s, not for a shorter limit.
      connectionsCheckingInterval: Math.min(NODE_CHECKING_INTERVAL_MS, Math.max(1, Math.floor(headersTimeoutMs / 4))),
    },
    server.handle,
  );
  http.on('clientError', answerClientError);
  return http;
}
