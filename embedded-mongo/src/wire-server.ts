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
export async function startWireServer(input: { engine: StorageEngine; host: string; port: number; refusedCommands?: ReadonlyMap<string, RefusedCommandCode> }): Promise<WireServer> {
  const cursors = new CursorRegistry();
  const sockets = new Set<Socket>();
  let nextConnectionId = 1;
  const server: Server = createServer({ noDelay: true }, (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    serveConnection({ socket, engine: input.engine, cursors, connectionId: nextConnectionId++, refusedCommands: input.refusedCommands });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(input.port, input.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : input.port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        cursors.closeAll();
        server.close(() => resolve());
      }),
  };
}

type Connection = { socket: Socket; engine: StorageEngine; cursors: CursorRegistry; connectionId: number; refusedCommands: ReadonlyMap<string, RefusedCommandCode> | undefined };

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
  const context = { engine: input.engine, cursors: input.cursors, connectionId: input.connectionId, refusedCommands: input.refusedCommands };
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
