// snapl: `rbd snap rename|protect|unprotect`, `rbd clone` (format 1 and 2), `rbd flatten`,
// `rbd children`, the parent/overlap of `rbd info` and the snapshot trash of `snap ls --all`, on
// either backend (test/helpers/sites.ts); messages and exit codes as recorded with the real rbd
// against the lab.
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sites } from '../helpers/sites.js';
import { scaled } from '../helpers/slow.js';

const s = sites('clone');
const { a } = s;
const P = s.pool('clone-pool');
const img = (name: string) => `${P}/${name}`;
/** The one `rbd: ...` line of a failure (librbd may log more on the ceph backend). */
const failure = async (...args: string[]) => {
  const r = await a.run(args);
  return { code: r.code, line: r.stderr.split('\n').filter((l) => l.startsWith('rbd: ')).join('\n') };
};
const sha = async (spec: string) => {
  const file = join(s.home, `export-${Math.random().toString(36).slice(2)}`);
  await a.ok(['export', '--no-progress', spec, file]);
  const digest = createHash('sha256').update(readFileSync(file)).digest('hex');
  rmSync(file);
  return digest;
};
const bench = (spec: string, total: string) =>
  a.ok(['bench', '--io-type', 'write', '--io-size', '4K', '--io-total', total, '--io-pattern', 'rand', spec]);

describe.skipIf(s.skip)(s.title('snapshot life cycle and clones'), () => {
  beforeAll(async () => {
    await s.createPool('site-a', 'clone-pool');
    await a.ok(['create', '--size', '8M', img('parent')]);
    await bench(img('parent'), '1M');
    await a.ok(['snap', 'create', '--no-progress', img('parent@s1')]);
  }, scaled(120_000));
  afterAll(() => s.cleanup(), 120_000);

  test('protect and unprotect: rbd\'s checks and messages', async () => {
    expect(await a.run(['snap', 'protect', img('parent@s1')])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await failure('snap', 'protect', img('parent@s1'))).toEqual({ code: 16, line: 'rbd: snap is already protected' });
    expect(await failure('snap', 'protect', img('parent@nosuch'))).toEqual({ code: 2, line: 'rbd: protecting snap failed: (2) No such file or directory' });
    expect(await failure('snap', 'rm', '--no-progress', img('parent@s1'))).toEqual({ code: 16, line: "rbd: snapshot 's1' is protected from removal." });
    expect((await a.json('snap', 'ls', img('parent')))[0].protected).toBe('true');
    await a.ok(['snap', 'create', '--no-progress', img('parent@loose')]);
    expect(await failure('snap', 'unprotect', img('parent@loose'))).toEqual({ code: 22, line: 'rbd: snap is already unprotected' });
  });

  test('clone format 1 needs a protected snapshot; the clone reads its parent and shows it in info', async () => {
    const before = await s.state();
    expect(await failure('clone', '--rbd-default-clone-format', '1', img('parent@loose'), img('bad'))).toEqual({ code: 22, line: 'rbd: clone error: (22) Invalid argument' });
    expect(await failure('clone', img('parent@nosuch'), img('bad'))).toEqual({ code: 2, line: 'rbd: clone error: (2) No such file or directory' });
    expect(await s.state()).toBe(before);

    expect(await a.run(['clone', '--rbd-default-clone-format', '1', img('parent@s1'), img('c1')])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await failure('clone', '--rbd-default-clone-format', '1', img('parent@s1'), img('c1'))).toEqual({ code: 17, line: 'rbd: clone error: (17) File exists' });
    const parentId = (await a.json('info', img('parent'))).id;
    const info = await a.json('info', img('c1'));
    expect(info.parent).toEqual({ pool: P, pool_namespace: '', image: 'parent', id: parentId, snapshot: 's1', trash: false, overlap: 8 << 20 });
    expect(info.op_features).toEqual([]);
    expect(await a('info', img('c1'))).toContain(`\tparent: ${P}/parent@s1\n\toverlap: 8 MiB\n`);
    expect(await failure('snap', 'unprotect', img('parent@s1'))).toEqual({ code: 16, line: 'rbd: unprotecting snap failed: (16) Device or resource busy' });

    // reads fall through to the parent snapshot; a write copies up and changes only the clone
    const atSnap = await sha(img('parent@s1'));
    expect(await sha(img('c1'))).toBe(atSnap);
    await bench(img('parent'), '512K');
    expect(await sha(img('c1'))).toBe(atSnap);
    await bench(img('c1'), '64K');
    expect(await sha(img('c1'))).not.toBe(atSnap);
    expect(await sha(img('parent@s1'))).toBe(atSnap);
  });

  test('children, plain and JSON; --all adds ids', async () => {
    await a.ok(['clone', '--rbd-default-clone-format', '2', img('parent@s1'), img('c2')]);
    expect(await a('children', img('parent@s1'))).toBe(`${P}/c1\n${P}/c2\n`);
    expect(await a.json('children', img('parent@s1'))).toEqual([
      { pool: P, pool_namespace: '', image: 'c1' }, { pool: P, pool_namespace: '', image: 'c2' },
    ]);
    const ids = await Promise.all(['c1', 'c2'].map(async (c) => (await a.json('info', img(c))).id));
    expect(await a.json('children', '--all', img('parent'))).toEqual([
      { pool: P, pool_namespace: '', image: 'c1', id: ids[0], trash: false }, { pool: P, pool_namespace: '', image: 'c2', id: ids[1], trash: false },
    ]);
    expect((await a.json('info', img('c2'))).op_features).toEqual(['clone-child']);
  });

  test('removing a snapshot with a v2 child moves it to the snapshot trash; the name is free again', async () => {
    await a.ok(['snap', 'create', '--no-progress', img('parent@s2')]);
    await a.ok(['clone', '--rbd-default-clone-format', '2', img('parent@s2'), img('c3')]);
    const atS2 = await sha(img('parent@s2'));
    expect(await a.run(['snap', 'rm', '--no-progress', img('parent@s2')])).toMatchObject({ code: 0, stdout: '' });
    const all = await a.json('snap', 'ls', '--all', img('parent'));
    const trashed = all.find((x: any) => x.namespace.type === 'trash');
    expect(trashed.namespace).toEqual({ type: 'trash', original_name: 's2' });
    expect(trashed.name).toMatch(/^[0-9a-f-]{36}$/);
    expect((await a.json('snap', 'ls', img('parent'))).map((x: any) => x.name)).toEqual(['s1', 'loose']);
    expect(await a('snap', 'ls', '--all', img('parent'))).toMatch(/ trash \(s2\)\s*\n/);
    expect((await a.json('info', img('c3'))).parent.snapshot).toBe(trashed.name);
    expect(await sha(img('c3'))).toBe(atS2);
    // issue 11 §3: creating a snapshot of the trashed one's name failed with (17) File exists
    expect(await a.run(['snap', 'create', '--no-progress', img('parent@s2')])).toEqual({ code: 0, stdout: '', stderr: '' });
    await a.ok(['snap', 'rm', '--no-progress', img('parent@s2')]);

    // flatten: the clone keeps its data, loses its parent, and the trashed snapshot goes with it
    expect(await a.run(['flatten', '--no-progress', img('c3')])).toMatchObject({ code: 0, stdout: '' });
    expect((await a.json('info', img('c3'))).parent).toBeUndefined();
    expect(await sha(img('c3'))).toBe(atS2);
    expect((await a.json('snap', 'ls', '--all', img('parent'))).filter((x: any) => x.namespace.type === 'trash')).toEqual([]);
    expect(await failure('flatten', '--no-progress', img('c3'))).toEqual({ code: 22, line: 'rbd: flatten error: (22) Invalid argument' });
  });

  test('a mirrored clone needs a mirrored parent; a parent with mirrored children stays mirrored', async () => {
    await a.ok(['mirror', 'pool', 'enable', P, 'image']);
    await a.ok(['snap', 'create', '--no-progress', img('parent@m')]);
    await a.ok(['clone', '--rbd-default-clone-format', '2', img('parent@m'), img('cm')]);
    expect((await a.run(['mirror', 'image', 'enable', img('cm'), 'snapshot'])).code).toBe(22);
    await a.ok(['mirror', 'image', 'enable', img('parent'), 'snapshot']);
    expect(await a('mirror', 'image', 'enable', img('cm'), 'snapshot')).toBe('Mirroring enabled\n');
    expect((await a.run(['mirror', 'image', 'disable', img('parent')])).code).toBe(16);
    await a.ok(['mirror', 'image', 'disable', img('cm')]);
    await a.ok(['mirror', 'image', 'disable', img('parent')]);
  });

  test('snap rename: within the image only; clashes and missing snapshots as rbd reports them', async () => {
    expect(await a.run(['snap', 'rename', img('parent@loose'), img('parent@renamed')])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect((await a.json('snap', 'ls', img('parent'))).map((x: any) => x.name)).toEqual(['s1', 'renamed', 'm']);
    expect(await failure('snap', 'rename', img('parent@renamed'), img('parent@s1'))).toEqual({ code: 17, line: 'rbd: renaming snap failed: (17) File exists' });
    expect(await failure('snap', 'rename', img('parent@nosuch'), img('parent@x'))).toEqual({ code: 2, line: 'rbd: renaming snap failed: (2) No such file or directory' });
    expect(await failure('snap', 'rename', img('parent@renamed'), img('c1@x'))).toEqual({ code: 22, line: 'rbd: source and destination image name must be the same' });
    // a protected parent snapshot renamed: its clones name it by the new name
    await a.ok(['snap', 'rename', img('parent@s1'), img('parent@gold')]);
    expect((await a.json('info', img('c2'))).parent.snapshot).toBe('gold');
  });
});
