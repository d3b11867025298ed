// Ceph's admin-socket wire protocol (src/common/admin_socket.cc): the client writes one request
// (a JSON object such as {"prefix": "version"}, or a bare command) terminated by NUL or newline;
// the daemon answers with a 4-byte big-endian length and that many bytes, then closes. Both the
// daemon's server and the `ceph` CLI's client use these helpers.
import { connect } from 'node:net';

/** Longest request the server reads (Ceph reads at most 1024 bytes; image names can be long). */
export const MAX_REQUEST_BYTES = 64 * 1024;

export function frameReply(body: string | Buffer): Buffer {
  const data = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const head = Buffer.alloc(4);
  head.writeUInt32BE(data.length, 0);
  return Buffer.concat([head, data]);
}

/** Sends one request and resolves with the reply body. Errors carry the OS code (ENOENT,
 *  ECONNREFUSED) as Node's socket errors do. */
export function askAdminSocket(path: string, request: string, timeoutMs = 30_000): Promise<Buffer> {
  return new Promise((resolveReply, reject) => {
    const sock = connect(path);
    const chunks: Buffer[] = [];
    let got = 0;
    let want = -1;
    const timer = setTimeout(() => { sock.destroy(); reject(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })); }, timeoutMs);
    const finish = (e?: Error, body?: Buffer) => {
      clearTimeout(timer);
      sock.destroy();
      if (e) reject(e);
      else resolveReply(body!);
    };
    sock.on('connect', () => sock.write(`${request}\0`));
    sock.on('data', (d: Buffer) => {
      chunks.push(d);
      got += d.length;
      const all = Buffer.concat(chunks);
      if (want < 0 && all.length >= 4) want = all.readUInt32BE(0);
      if (want >= 0 && all.length >= 4 + want) finish(undefined, all.subarray(4, 4 + want));
    });
    sock.on('error', (e) => finish(e));
    sock.on('end', () => {
      if (want < 0 || got < 4 + want) finish(Object.assign(new Error('no data returned from admin socket'), { code: 'EPIPE' }));
    });
  });
}
