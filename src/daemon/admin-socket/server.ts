// The daemon's admin socket: a unix socket speaking Ceph's admin-socket protocol
// (src/os/admin-socket-wire.ts), one request per connection. It lives in a 0700 run directory
// and is itself 0600; a socket left by a dead daemon is replaced, one a live daemon answers on
// is left alone (as Ceph's bind_and_listen does), and the file is removed when the daemon exits.
import { chmodSync, lstatSync, mkdirSync, unlinkSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { dirname } from 'node:path';
import { askAdminSocket, frameReply, MAX_REQUEST_BYTES } from '../../os/admin-socket-wire.js';

/** Answers one request: the parsed prefix and format, and the other keys of a JSON request. */
export type RequestHandler = (prefix: string, format: string, args: Record<string, unknown>) => Promise<string>;

/** sockaddr_un's sun_path is 108 bytes, NUL included. */
const MAX_PATH_BYTES = 107;

export class AdminSocketServer {
  private server?: Server;

  constructor(readonly path: string, private readonly handle: RequestHandler) {}

  /** Binds the socket; resolves with an error text (for the log) when it cannot. */
  async listen(): Promise<string | undefined> {
    if (Buffer.byteLength(this.path) > MAX_PATH_BYTES) {
      return `The UNIX domain socket path ${this.path} is too long! The maximum length on this system is ${MAX_PATH_BYTES}`;
    }
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    if (await this.inUse()) return `failed to bind the UNIX domain socket to '${this.path}': (17) File exists`;
    const server = createServer((sock) => this.serve(sock));
    const failed = await new Promise<string | undefined>((resolveListen) => {
      server.once('error', (e: NodeJS.ErrnoException) => resolveListen(`failed to bind the UNIX domain socket to '${this.path}': ${e.message}`));
      server.listen(this.path, () => resolveListen(undefined));
    });
    if (failed) return failed;
    chmodSync(this.path, 0o600);
    server.unref();
    this.server = server;
    return undefined;
  }

  /** A socket file a live process answers on; a stale one (or anything else) is removed. */
  private async inUse(): Promise<boolean> {
    let st;
    try {
      st = lstatSync(this.path);
    } catch {
      return false;
    }
    if (st.isSocket()) {
      try {
        await askAdminSocket(this.path, '{"prefix": "0"}', 2000);
        return true;
      } catch { /* nobody listening: stale */ }
    } else if (st.isDirectory()) return true;
    unlinkSync(this.path);
    return false;
  }

  private serve(sock: Socket): void {
    let buf = Buffer.alloc(0);
    let done = false;
    sock.on('error', () => sock.destroy());
    sock.on('data', (d: Buffer) => {
      if (done) return;
      buf = Buffer.concat([buf, d]);
      const end = buf.findIndex((b) => b === 0 || b === 0x0a);
      if (end < 0) {
        if (buf.length > MAX_REQUEST_BYTES) sock.destroy();
        return;
      }
      done = true;
      void this.answer(buf.subarray(0, end).toString('utf8')).then((body) => sock.end(frameReply(body)), () => sock.destroy());
    });
  }

  private async answer(request: string): Promise<string> {
    let prefix = request.trim();
    let format = 'json-pretty';
    let args: Record<string, unknown> = {};
    if (prefix.startsWith('{')) {
      try {
        args = JSON.parse(prefix) as Record<string, unknown>;
      } catch {
        return 'invalid JSON request';
      }
      prefix = typeof args.prefix === 'string' ? args.prefix : '';
      if (typeof args.format === 'string') format = args.format;
    }
    if (!['json', 'json-pretty'].includes(format)) format = 'json-pretty';
    return this.handle(prefix, format, args);
  }

  close(): void {
    this.server?.close();
    this.server = undefined;
    try {
      unlinkSync(this.path);
    } catch { /* already gone */ }
  }
}
