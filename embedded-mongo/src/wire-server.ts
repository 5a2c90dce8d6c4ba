import { createServer, type Server, type Socket } from 'node:net';
import type { Document } from 'bson';
import { CursorRegistry } from './cursor-registry.js';
import { runCommand } from './run-command.js';
import type { StorageEngine } from './storage-engine.js';
import { MAX_MESSAGE_SIZE_BYTES } from './commands/admin-commands.js';
import { decodeRequest, encodeMsgReply, encodeOpReply, MESSAGE_HEADER_BYTES, type WireRequest } from './wire-message.js';

/** A running wire-protocol listener. */
export type WireServer = { port: number; close(): Promise<void> };

/**
 * Listens for MongoDB wire-protocol clients and answers their commands from `engine`.
 * Each connection's requests are answered in order.
 * @example const server = await startWireServer({ engine, host: '127.0.0.1', port: 0 })
 */
export async function startWireServer(input: { engine: StorageEngine; host: string; port: number; withoutCommands?: ReadonlySet<string> }): Promise<WireServer> {
  const cursors = new CursorRegistry();
  const sockets = new Set<Socket>();
  let nextConnectionId = 1;
  const server: Server = createServer({ noDelay: true }, (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    serveConnection({ socket, engine: input.engine, cursors, connectionId: nextConnectionId++, withoutCommands: input.withoutCommands });
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
        server.close(() => resolve());
      }),
  };
}

type Connection = { socket: Socket; engine: StorageEngine; cursors: CursorRegistry; connectionId: number; withoutCommands: ReadonlySet<string> | undefined };

function serveConnection(input: Connection): void {
  const { socket } = input;
  let buffered: Buffer = Buffer.alloc(0);
  let queue = Promise.resolve();
  socket.on('data', (chunk: Buffer) => {
    buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
    while (buffered.length >= MESSAGE_HEADER_BYTES) {
      const length = buffered.readInt32LE(0);
      if (length < MESSAGE_HEADER_BYTES || length > MAX_MESSAGE_SIZE_BYTES) {
        socket.destroy();
        return;
      }
      if (buffered.length < length) break;
      const message = buffered.subarray(0, length);
      buffered = buffered.subarray(length);
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
  const context = { engine: input.engine, cursors: input.cursors, connectionId: input.connectionId, withoutCommands: input.withoutCommands };
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
