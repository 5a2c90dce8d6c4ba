import { lstatSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { Document } from 'bson';
import { CursorRegistry } from './cursor-registry.js';
import { runCommand } from './run-command.js';
import type { StorageEngine } from './storage-engine.js';
import type { RefusedCommandCode } from './command-context.js';
import { MAX_MESSAGE_SIZE_BYTES } from './commands/admin-commands.js';
import { decodeRequest, encodeMsgReply, encodeOpReply, MESSAGE_HEADER_BYTES, type WireRequest } from './wire-message.js';

/** A running wire-protocol listener. */
export type WireServer = { port: number; close(): Promise<void> };

/**
 * Listens for MongoDB wire-protocol clients and answers their commands from `engine`.
 * Each connection's requests are answered in order.
 * @example const server = await startWireServer({ engine, host: '127.0.0.1', port: 0 })
 */
export async function startWireServer(input: {
  engine: StorageEngine;
  host: string;
  port: number;
  /** Also listen on this Unix domain socket (clients on the same machine skip the TCP stack). */
  socketPath?: string | undefined;
  refusedCommands?: ReadonlyMap<string, RefusedCommandCode>;
}): Promise<WireServer> {
  const cursors = new CursorRegistry();
  const sockets = new Set<Socket>();
  let nextConnectionId = 1;
  const accept = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    serveConnection({ socket, engine: input.engine, cursors, connectionId: nextConnectionId++, refusedCommands: input.refusedCommands });
  };
  const servers: Server[] = [];
  const close = () => {
    for (const socket of sockets) socket.destroy();
    cursors.closeAll();
    // Closing a Unix socket's server also removes its file.
    return Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve())))).then(() => undefined);
  };
  const tcp = createServer({ noDelay: true }, accept);
  await listen(tcp, (done) => tcp.listen(input.port, input.host, done));
  servers.push(tcp);
  if (input.socketPath !== undefined) {
    const socketPath = input.socketPath;
    const unix = createServer(accept);
    try {
      removeStaleSocket(socketPath);
      await listen(unix, (done) => unix.listen(socketPath, done));
    } catch (error) {
      await close();
      throw error;
    }
    servers.push(unix);
  }
  const address = tcp.address();
  const port = typeof address === 'object' && address ? address.port : input.port;
  return { port, close };
}

function listen(server: Server, start: (done: () => void) => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    start(() => {
      server.off('error', reject);
      resolve();
    });
  });
}

/**
 * Removes the socket file a store that died without closing left at `path`, so the new one can listen
 * there; anything else at that path (a regular file, a folder) is refused, never deleted.
 */
function removeStaleSocket(path: string): void {
  let stat: ReturnType<typeof lstatSync>;
  try {
    stat = lstatSync(path);
  } catch {
    return;
  }
  if (!stat.isSocket()) throw new Error(`embedded-mongo: cannot listen on ${path}: something other than a socket is there`);
  rmSync(path);
}

type Connection = {
  socket: Socket;
  engine: StorageEngine;
  cursors: CursorRegistry;
  connectionId: number;
  refusedCommands: ReadonlyMap<string, RefusedCommandCode> | undefined;
};

function serveConnection(input: Connection): void {
  const { socket } = input;
  // Chunks of the message being received, joined once it is whole: joining on every chunk copied a
  // 16 MB message ~250 times over (64 KB chunks), quadratic in its size.
  let chunks: Buffer[] = [];
  let received = 0;
  let queue = Promise.resolve();
  socket.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    received += chunk.length;
    while (received >= MESSAGE_HEADER_BYTES) {
      if ((chunks[0] as Buffer).length < MESSAGE_HEADER_BYTES) chunks = [Buffer.concat(chunks, received)];
      const length = (chunks[0] as Buffer).readInt32LE(0);
      if (length < MESSAGE_HEADER_BYTES || length > MAX_MESSAGE_SIZE_BYTES) {
        socket.destroy();
        return;
      }
      if (received < length) break;
      const buffered = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, received);
      const message = buffered.subarray(0, length);
      chunks = buffered.length > length ? [buffered.subarray(length)] : [];
      received -= length;
      let request: WireRequest;
      try {
        request = decodeRequest(message);
      } catch {
        socket.destroy();
        return;
      }
      // A reply that cannot be encoded (it should not happen) closes this connection, never the store.
      queue = queue.then(() => answer({ ...input, request })).catch(() => void socket.destroy());
    }
  });
}

async function answer(input: Connection & { request: WireRequest }): Promise<void> {
  const { socket, request } = input;
  const context = {
    engine: input.engine,
    cursors: input.cursors,
    connectionId: input.connectionId,
    refusedCommands: input.refusedCommands,
    messageBytes: request.kind === 'msg' || request.kind === 'query' ? request.bytes : undefined,
  };
  switch (request.kind) {
    case 'msg': {
      const reply = await runCommand(request.command, context);
      if (!request.moreToCome) send(socket, encodeMsgReply(request.requestId, reply));
      return;
    }
    case 'query': {
      const db = request.collection.split('.')[0] ?? 'admin';
      const command: Document = { ...unwrapQuery(request.command), $db: db };
      const reply = await runCommand(command, context);
      send(socket, encodeOpReply(request.requestId, reply));
      return;
    }
    case 'refused':
      if (!request.moreToCome) send(socket, encodeMsgReply(request.requestId, request.error.toReply()));
      return;
    case 'unsupported':
      socket.destroy();
      return;
    default: {
      const unknown: never = request;
      throw new Error(`unknown request ${JSON.stringify(unknown)}`);
    }
  }
}

function send(socket: Socket, message: Buffer): void {
  if (!socket.destroyed) socket.write(message);
}

/** Legacy drivers wrap a command as `{ $query: {...}, $readPreference }`. */
function unwrapQuery(command: Document): Document {
  return '$query' in command ? (command.$query as Document) : command;
}
