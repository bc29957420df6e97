import { connect, type Socket } from 'node:net';

/**
 * A read-only OVSDB JSON-RPC client (RFC 7047) over a unix socket or TCP. It sends only what the
 * allow-list below permits: `list_dbs`, `get_schema`, and `transact` whose every operation is a
 * `select`. It answers the server's `echo` (an inactivity probe) and ignores other notifications.
 */

export const ALLOWED_METHODS = ['list_dbs', 'get_schema', 'transact'] as const;

/** Why a JSON-RPC request would not be read-only, or undefined when it is allowed. */
export function refusedRequest(msg: { method?: unknown; params?: unknown }): string | undefined {
  if (!(ALLOWED_METHODS as readonly unknown[]).includes(msg.method)) return `method ${JSON.stringify(msg.method)} is not on the read-only allow-list`;
  if (msg.method !== 'transact') return undefined;
  const ops = Array.isArray(msg.params) ? msg.params.slice(1) : [];
  if (ops.length === 0) return 'a transact without operations';
  const bad = ops.find((o) => !o || typeof o !== 'object' || (o as { op?: unknown }).op !== 'select');
  return bad ? `transact operation ${JSON.stringify((bad as { op?: unknown })?.op)} is not a select` : undefined;
}

export type Endpoint = { path: string } | { host: string; port: number };

/** `unix:PATH` or `tcp:HOST:PORT` (`tcp:[::1]:6640`); a string saying what is wrong otherwise. */
export function parseEndpoint(db: string): Endpoint | string {
  if (db.startsWith('unix:')) return db.length > 5 ? { path: db.slice(5) } : 'unix: needs a socket path';
  const tcp = /^tcp:(?:\[([0-9A-Fa-f:.]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(db);
  if (tcp) {
    const port = Number(tcp[3]);
    return port > 0 && port < 65536 ? { host: tcp[1] ?? tcp[2]!, port } : `port ${tcp[3]} is out of range`;
  }
  if (/^(ssl|punix|ptcp|pssl):/.test(db)) return `${db.split(':')[0]}: is not supported (use unix:PATH, or tcp:HOST:PORT, for example through an SSH tunnel)`;
  return 'expected unix:PATH or tcp:HOST:PORT';
}

/**
 * Splits a byte stream into JSON texts (OVSDB sends objects back to back, without delimiters).
 * Linear: one pass, tracking only string state and nesting depth.
 */
export class JsonStream {
  private buf = '';
  private depth = 0;
  private inString = false;
  private escaped = false;
  private scanned = 0;

  constructor(private readonly maxBytes = 256 * 1024 * 1024) {}

  /** Texts completed by `chunk`; throws on bytes that cannot start a JSON object or array, or an oversized message. */
  push(chunk: string): string[] {
    const out: string[] = [];
    this.buf += chunk;
    let start = 0;
    for (let i = this.scanned; i < this.buf.length; i++) {
      const c = this.buf[i]!;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === '\\') this.escaped = true;
        else if (c === '"') this.inString = false;
      } else if (c === '"') {
        if (this.depth === 0) throw new Error('the server sent a JSON string outside a message');
        this.inString = true;
      } else if (c === '{' || c === '[') this.depth++;
      else if (c === '}' || c === ']') {
        if (this.depth === 0) throw new Error('the server sent an unbalanced JSON message');
        if (--this.depth === 0) {
          out.push(this.buf.slice(start, i + 1));
          start = i + 1;
        }
      } else if (this.depth === 0) {
        if (c === ' ' || c === '\n' || c === '\r' || c === '\t') start = i + 1;
        else throw new Error('the server sent something that is not JSON-RPC');
      }
    }
    this.buf = this.buf.slice(start);
    this.scanned = this.buf.length;
    if (this.buf.length > this.maxBytes) throw new Error(`a message from the server is larger than ${this.maxBytes} bytes`);
    return out;
  }
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

export class OvsdbClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private failure: Error | undefined;

  private constructor(private readonly socket: Socket) {
    const stream = new JsonStream();
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      let texts: string[];
      try {
        texts = stream.push(chunk);
      } catch (err) {
        return this.fail(err as Error);
      }
      for (const t of texts) this.receive(t);
    });
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => this.fail(new Error('the server closed the connection')));
  }

  static open(endpoint: Endpoint, signal?: AbortSignal, timeoutMs = 30_000): Promise<OvsdbClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(endpoint);
      const timer = setTimeout(() => socket.destroy(new Error(`no connection after ${timeoutMs / 1000} s`)), timeoutMs);
      const onAbort = () => socket.destroy(new Error('cancelled'));
      signal?.addEventListener('abort', onAbort, { once: true });
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new OvsdbClient(socket));
      });
      socket.once('error', (err) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        reject(err);
      });
    });
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const p of this.pending.values()) p.reject(this.failure);
    this.pending.clear();
  }

  private receive(text: string): void {
    let msg: { id?: unknown; method?: unknown; params?: unknown; result?: unknown; error?: unknown };
    try {
      msg = JSON.parse(text) as typeof msg;
    } catch (err) {
      return this.fail(new Error(`the server sent invalid JSON (${(err as Error).message})`));
    }
    if (msg.method === 'echo') {
      this.socket.write(JSON.stringify({ id: msg.id, result: msg.params ?? [], error: null }));
      return;
    }
    if (typeof msg.id !== 'number') return; // a notification: we subscribe to nothing
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    if (msg.error !== null && msg.error !== undefined) p.reject(new Error(`the server answered with an error: ${JSON.stringify(msg.error).slice(0, 300)}`));
    else p.resolve(msg.result);
  }

  /** Send one request (refused unless it is on the read-only allow-list) and wait for its answer. */
  request(method: string, params: unknown[], timeoutMs = 60_000): Promise<unknown> {
    const refused = refusedRequest({ method, params });
    if (refused) return Promise.reject(new Error(`not sent: ${refused}`));
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.fail(new Error(`no answer to ${method} after ${timeoutMs / 1000} s`)), timeoutMs);
      this.pending.set(id, {
        resolve: (v) => (clearTimeout(timer), resolve(v)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      this.socket.write(JSON.stringify({ method, params, id }));
    });
  }

  close(): void {
    this.socket.destroy();
  }
}
