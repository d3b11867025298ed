// Image data on the local backend through the built `rbd`: import, export, bench, du, resize,
// snapshots' data, sparse images, read-only non-primary images, streaming with bounded memory.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { createPool, childEnv, ok, RBD_BIN, rbdIn, storeDigest, tempHome } from '../helpers/rbd.js';
import { scaled } from '../helpers/slow.js';

const MiB = 1 << 20;
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** `rbd <args>` with binary stdout/stdin (the helpers decode text). */
function rbdBinary(home: string, args: string[], stdin?: Buffer, wrap: string[] = []):
  Promise<{ code: number; stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    const [cmd, ...pre] = wrap.length ? wrap : [process.execPath];
    const child = spawn(cmd!, [...pre, ...(wrap.length ? [process.execPath] : []), RBD_BIN, ...args],
      { env: childEnv(home), stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout: Buffer.concat(out), stderr }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(stdin ?? Buffer.alloc(0));
  });
}

let home: string;
beforeAll(async () => {
  home = tempHome('rbdm-data-');
  await createPool(home, undefined, 'rbd');
});

/** 10 MiB with holes: random data, a zero run over a whole object, then a random tail. */
function sampleFile(name: string): { path: string; data: Buffer } {
  const data = Buffer.concat([randomBytes(3 * MiB + 123), Buffer.alloc(5 * MiB), randomBytes(2 * MiB - 123)]);
  const path = join(home, name);
  writeFileSync(path, data);
  return { path, data };
}

describe('import and export', () => {
  test('a file imports and exports byte for byte, to a file and to stdout', async () => {
    const { path, data } = sampleFile('sample.bin');
    const r = await rbdIn(home, ['import', path, 'rbd/imported']);
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: '' }); // no progress off a TTY
    expect(await ok(home, ['info', 'imported'])).toContain('size 10 MiB in 3 objects');
    const out = join(home, 'imported.out');
    expect((await rbdIn(home, ['export', 'imported', out])).code).toBe(0);
    expect(sha(readFileSync(out))).toBe(sha(data));
    const piped = await rbdBinary(home, ['export', 'imported', '-']);
    expect(piped.code).toBe(0);
    expect(sha(piped.stdout)).toBe(sha(data));
  });

  test('stdin imports with --object-size; the image ends at the bytes read', async () => {
    const data = randomBytes(3 * MiB + 5);
    expect((await rbdBinary(home, ['import', '--object-size', '1M', '-', 'from-stdin'], data)).code).toBe(0);
    const info = JSON.parse(await ok(home, ['info', 'from-stdin', '--format', 'json']));
    expect(info).toMatchObject({ size: 3 * MiB + 5, order: 20, objects: 4 });
    expect(sha((await rbdBinary(home, ['export', 'from-stdin', '-'])).stdout)).toBe(sha(data));
  });

  test('the destination name defaults to the file name', async () => {
    const { path } = sampleFile('named.img');
    await ok(home, ['import', path]);
    expect(await ok(home, ['ls'])).toContain('named.img');
  });

  test('failures: existing image, missing file, existing export file; nothing changes', async () => {
    const before = storeDigest(home);
    const cases: [string[], number, string][] = [
      [['import', join(home, 'sample.bin'), 'imported'], 17, 'rbd: import failed: image creation failed: (17) File exists\n'],
      [['import', join(home, 'missing.bin'), 'x'], 2, `rbd: import failed: error opening ${join(home, 'missing.bin')}\n`],
      [['export', 'imported', join(home, 'sample.bin')], 17, `rbd: export error: error opening ${join(home, 'sample.bin')}\n`],
      [['export', 'imported'], 22, 'rbd: path was not specified\n'],
      [['import'], 22, 'rbd: path was not specified\n'],
    ];
    for (const [args, code, stderr] of cases) {
      const r = await rbdIn(home, args);
      expect({ args, code: r.code, stderr: r.stderr }).toEqual({ args, code, stderr });
    }
    expect(storeDigest(home)).toBe(before);
  });

  test('a never-written image exports as zeros, and as holes in a file', async () => {
    await ok(home, ['create', '--size', '32M', 'empty']);
    const piped = await rbdBinary(home, ['export', 'empty', '-']);
    expect(piped.stdout.equals(Buffer.alloc(32 * MiB))).toBe(true);
    const out = join(home, 'empty.out');
    await ok(home, ['export', 'empty', out]);
    const st = statSync(out);
    expect(st.size).toBe(32 * MiB);
    expect(st.blocks * 512).toBeLessThan(MiB);
  });
});

describe('bench', () => {
  test('write: rbd\'s report, then the data is in the image', async () => {
    await ok(home, ['create', '--size', '64M', '--image-feature', 'layering,exclusive-lock,journaling', 'bench-1']);
    const out = await ok(home, ['bench', '--io-type', 'write', '--io-size', '4K', '--io-total', '8M', 'rbd/bench-1']);
    expect(out).toMatch(new RegExp(
      '^bench  type write io_size 4096 io_threads 16 bytes 8388608 pattern sequential\n' +
      '  SEC       OPS   OPS/SEC   BYTES/SEC\n' +
      // one progress row per second, as rbd prints: none on a quiet machine, some under load
      '(?: +\\d+ +\\d+ +[0-9.]+ +[0-9.]+ [KMG]?i?B/s\n)*' +
      'elapsed: \\d+   ops: 2048   ops/sec: [0-9.]+   bytes/sec: [0-9.]+ [KMG]iB/s\n$'));
    const data = (await rbdBinary(home, ['export', 'bench-1', '-'])).stdout;
    expect(sha(data)).toBe(sha(Buffer.concat([Buffer.alloc(8 * MiB, 0x67), Buffer.alloc(56 * MiB)])));
  });

  test('random pattern and read bench', async () => {
    const w = await ok(home, ['bench', '--io-type', 'write', '--io-size', '4K', '--io-total', '1M', '--io-pattern', 'rand', 'bench-1']);
    expect(w).toMatch(/^bench  type write io_size 4096 io_threads 16 bytes 1048576 pattern random\n/);
    expect(w).toMatch(/ops: 256 /);
    const r = await ok(home, ['bench', '--io-type', 'read', '--io-total', '64K', 'bench-1']);
    expect(r).toMatch(/^bench  type read io_size 4096 io_threads 16 bytes 65536 pattern sequential\n/);
  });

  test('bad arguments', async () => {
    await ok(home, ['create', '--size', '1M', 'tiny']);
    const before = storeDigest(home);
    const cases: [string[], number, string][] = [
      [['bench', 'tiny'], 22, 'rbd: --io-type must be specified.\n'],
      [['bench', '--io-type', 'write', '--io-size', '2M', 'tiny'], 22, 'rbd: bench failed: io-size 2 MiB larger than image size 1 MiB\n'],
      [['bench', '--io-type', 'write', 'nope'], 2, 'rbd: error opening image nope: (2) No such file or directory\n'],
      [['bench', '--io-type', 'sideways', 'tiny'], 1, "rbd: the argument for option '--io-type' is invalid\n"],
    ];
    for (const [args, code, stderr] of cases) {
      const r = await rbdIn(home, args);
      expect({ args, code: r.code, stderr: r.stderr, stdout: r.stdout }).toEqual({ args, code, stderr, stdout: '' });
    }
    expect(storeDigest(home)).toBe(before);
  });
});

describe('snapshots keep their data', () => {
  test('export image@snap after more writes returns the snapshot\'s data', async () => {
    const first = randomBytes(6 * MiB);
    expect((await rbdBinary(home, ['import', '-', 'snappy'], first)).code).toBe(0);
    await ok(home, ['snap', 'create', 'snappy@one']);
    await ok(home, ['bench', '--io-type', 'write', '--io-size', '64K', '--io-total', '2M', 'snappy']);
    const head = (await rbdBinary(home, ['export', 'snappy', '-'])).stdout;
    expect(head.subarray(0, 2 * MiB).equals(Buffer.alloc(2 * MiB, 0x67))).toBe(true);
    expect(head.subarray(2 * MiB).equals(first.subarray(2 * MiB))).toBe(true);
    const snap = (await rbdBinary(home, ['export', 'snappy@one', '-'])).stdout;
    expect(sha(snap)).toBe(sha(first));
  });
});

describe('du', () => {
  test('provisioned and used per snapshot and head, with a total', async () => {
    await ok(home, ['create', '--size', '64M', 'du-1']);
    await ok(home, ['bench', '--io-type', 'write', '--io-size', '4K', '--io-total', '8M', 'du-1']);
    await ok(home, ['snap', 'create', 'du-1@s1']);
    await ok(home, ['bench', '--io-type', 'write', '--io-size', '4K', '--io-total', '4K', 'du-1']);
    expect(await ok(home, ['du', 'du-1'])).toBe(
      'NAME     PROVISIONED  USED  \n' +
      'du-1@s1       64 MiB   8 MiB\n' +
      'du-1          64 MiB   4 MiB\n' +
      '<TOTAL>       64 MiB  12 MiB\n');
    const json = JSON.parse(await ok(home, ['du', 'du-1', '--format', 'json']));
    expect(json).toMatchObject({
      images: [
        { name: 'du-1', snapshot: 's1', snapshot_id: expect.any(Number), provisioned_size: 64 * MiB, used_size: 8 * MiB },
        { name: 'du-1', provisioned_size: 64 * MiB, used_size: 4 * MiB },
      ],
      total_provisioned_size: 64 * MiB,
      total_used_size: 12 * MiB,
    });
    expect(Object.keys(json.images[0])).toEqual(['name', 'id', 'snapshot', 'snapshot_id', 'provisioned_size', 'used_size']);
  });
});

describe('resize', () => {
  test('grow, refuse a shrink without --allow-shrink, shrink drops the data past the end', async () => {
    const data = randomBytes(4 * MiB);
    await rbdBinary(home, ['import', '-', 'rs'], data);
    await ok(home, ['resize', '--size', '8M', 'rs']);
    const before = storeDigest(home);
    const r = await rbdIn(home, ['resize', '--size', '1M', 'rs']);
    expect(r).toMatchObject({ code: 22, stderr: 'rbd: shrinking an image is only allowed with the --allow-shrink flag\n' });
    expect((await rbdIn(home, ['resize', 'rs'])).stderr).toBe('rbd: must specify --size <M/G/T>\n');
    expect(storeDigest(home)).toBe(before);
    await ok(home, ['resize', '--size', '1M', '--allow-shrink', 'rs']);
    await ok(home, ['resize', '--size', '2M', 'rs']);
    const out = (await rbdBinary(home, ['export', 'rs', '-'])).stdout;
    expect(out.equals(Buffer.concat([data.subarray(0, MiB), Buffer.alloc(MiB)]))).toBe(true);
  });
});

describe('non-primary images are read-only', () => {
  test('writes to a demoted image fail with EROFS and change nothing; reads work', async () => {
    await ok(home, ['create', '--size', '16M', 'mirrored']);
    await ok(home, ['bench', '--io-type', 'write', '--io-total', '1M', 'mirrored']);
    await ok(home, ['mirror', 'pool', 'enable', 'rbd', 'image']);
    await ok(home, ['mirror', 'image', 'enable', 'mirrored', 'snapshot']);
    await ok(home, ['mirror', 'image', 'demote', 'mirrored']);
    const before = storeDigest(home);
    const bench = await rbdIn(home, ['bench', '--io-type', 'write', '--io-size', '4K', '--io-total', '4K', 'mirrored']);
    expect(bench).toEqual({ code: 30, stdout: '', stderr: 'rbd: bench failed: failed to flush: (30) Read-only file system\n' });
    const resize = await rbdIn(home, ['resize', '--size', '32M', 'mirrored']);
    expect(resize).toMatchObject({ code: 30, stderr: 'rbd: resize error: (30) Read-only file system\n' });
    expect(storeDigest(home)).toBe(before);
    expect((await ok(home, ['bench', '--io-type', 'read', '--io-total', '64K', 'mirrored']))).toMatch(/ops: 16 /);
    expect((await rbdBinary(home, ['export', 'mirrored', '-'])).stdout.subarray(0, MiB).equals(Buffer.alloc(MiB, 0x67))).toBe(true);
  });
});

describe('streaming', () => {
  test('a 64 MiB import and export stream with bounded memory', async () => {
    const data = randomBytes(64 * MiB);
    const path = join(home, 'big.bin');
    writeFileSync(path, data);
    // /usr/bin/time reports the child's peak RSS; without it only the round trip is checked.
    const timed = existsSync('/usr/bin/time') ? ['/usr/bin/time', '-f', 'RSS %M'] : [];
    const imp = await rbdBinary(home, ['import', path, 'big'], undefined, timed);
    expect(imp.code).toBe(0);
    const exp = await rbdBinary(home, ['export', 'big', '-'], undefined, timed);
    expect(exp.code).toBe(0);
    expect(sha(exp.stdout)).toBe(sha(data));
    for (const r of [imp, exp]) {
      const m = /RSS (\d+)/.exec(r.stderr);
      if (m) expect(Number(m[1]) * 1024).toBeLessThan(200 * MiB); // a whole-image buffer would add 64+ MiB per copy
    }
  }, scaled(30_000));
});
