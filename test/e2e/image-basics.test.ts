import { beforeAll, describe, expect, test } from 'vitest';
import { LocalFixtures } from '../../src/backends/local/replication/fixtures.js';
import { createPool, ok, on, rbdIn, storeDigest, tempHome } from '../helpers/rbd.js';

const A = ['--cluster', 'site-a'];
const home = tempHome();
const { run: rbd, ok: okA, json: jsonA } = on(home, 'site-a');

beforeAll(async () => {
  await createPool(home, 'site-a', 'image-pool');
  await createPool(home, 'site-a', 'data-ec');
});

describe('rbd create / info as the transcript records them', () => {
  test('create prints nothing; info shows the journaling image like real rbd (plain and JSON)', async () => {
    const r = await rbd('create', '--size', '64M', '--image-feature', 'layering,exclusive-lock,journaling', 'image-pool/image-1');
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    const info = await jsonA('info', 'image-pool/image-1', '--pretty-format');
    expect(info.id).toMatch(/^[0-9a-f]{12}$/);
    const ts: string = info.create_timestamp;
    expect(ts).toMatch(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}$/);
    expect(info).toEqual({
      name: 'image-1', id: info.id, size: 67108864, objects: 16, order: 22, object_size: 4194304, snapshot_count: 0,
      block_name_prefix: `rbd_data.${info.id}`, format: 2, features: ['layering', 'exclusive-lock', 'journaling'],
      op_features: [], flags: [], create_timestamp: ts, access_timestamp: ts, modify_timestamp: ts,
      journal: info.id, mirroring: { mode: 'journal', state: 'disabled' },
    });
    expect(Object.keys(info)).toEqual(['name', 'id', 'size', 'objects', 'order', 'object_size', 'snapshot_count',
      'block_name_prefix', 'format', 'features', 'op_features', 'flags', 'create_timestamp', 'access_timestamp',
      'modify_timestamp', 'journal', 'mirroring']);
    expect(await okA('info', 'image-pool/image-1')).toBe([
      "rbd image 'image-1':",
      '\tsize 64 MiB in 16 objects',
      '\torder 22 (4 MiB objects)',
      '\tsnapshot_count: 0',
      `\tid: ${info.id}`,
      `\tblock_name_prefix: rbd_data.${info.id}`,
      '\tformat: 2',
      '\tfeatures: layering, exclusive-lock, journaling',
      '\top_features: ',
      '\tflags: ',
      `\tcreate_timestamp: ${ts}`,
      `\taccess_timestamp: ${ts}`,
      `\tmodify_timestamp: ${ts}`,
      `\tjournal: ${info.id}`,
      '\tmirroring state: disabled',
      '',
    ].join('\n'));
  });

  test('default features come from rbd_default_features; no mirroring block without journaling', async () => {
    await okA('create', '--size', '64M', 'image-pool/image-2');
    const info = await jsonA('info', 'image-pool/image-2');
    expect(info.features).toEqual(['layering', 'exclusive-lock', 'object-map', 'fast-diff', 'deep-flatten']);
    expect(info).not.toHaveProperty('mirroring');
    expect(info).not.toHaveProperty('journal');
    const plain = await okA('info', 'image-pool/image-2');
    expect(plain).not.toMatch(/mirroring|journal/);
    expect(plain.endsWith(`\tmodify_timestamp: ${info.modify_timestamp}\n`)).toBe(true);
  });

  test('rbd_default_features may be overridden on the command line, by names or as a number', async () => {
    await okA('--rbd-default-features', '5', 'create', '--size', '1G', 'image-pool/num-feat');
    expect((await jsonA('info', 'image-pool/num-feat')).features).toEqual(['layering', 'exclusive-lock']);
    await okA('--rbd_default_features', 'layering', 'create', '--size', '10', 'image-pool/name-feat');
    const info = await jsonA('info', 'image-pool/name-feat');
    expect(info).toMatchObject({ features: ['layering'], size: 10 * 2 ** 20, objects: 3 });
  });

  test('object-map brings fast-diff; --image-shared drops the single-client features', async () => {
    await okA('create', '-s', '4G', '--image-feature', 'exclusive-lock', '--image-feature', 'object-map', 'image-pool/om');
    expect((await jsonA('info', 'image-pool/om')).features).toEqual(['exclusive-lock', 'object-map', 'fast-diff']);
    await okA('create', '--size', '1', '--image-shared', 'image-pool/shared');
    expect((await jsonA('info', 'image-pool/shared')).features).toEqual(['layering', 'deep-flatten']);
  });

  test('--data-pool adds the data-pool feature and the data_pool line; --object-size sets the order', async () => {
    await okA('create', '--size', '1G', '--data-pool', 'data-ec', '--object-size', '8M', 'image-pool/dp');
    const info = await jsonA('info', 'image-pool/dp');
    expect(info).toMatchObject({ order: 23, object_size: 8388608, objects: 128, data_pool: 'data-ec' });
    expect(info.features).toContain('data-pool');
    expect(info.block_name_prefix).toMatch(/^rbd_data\.\d+\.[0-9a-f]{12}$/);
    expect(Object.keys(info).indexOf('data_pool')).toBe(Object.keys(info).indexOf('snapshot_count') + 1);
    const plain = await okA('info', 'image-pool/dp');
    expect(plain).toContain(`\tid: ${info.id}\n\tdata_pool: data-ec\n\tblock_name_prefix: ${info.block_name_prefix}\n`);
    expect(plain).toContain('\torder 23 (8 MiB objects)\n');
    // the image's own pool as data pool is no data pool at all
    await okA('create', '--size', '1G', '--data-pool', 'image-pool', 'image-pool/dp-self');
    expect(await jsonA('info', 'image-pool/dp-self')).not.toHaveProperty('data_pool');
  });

  test('images in a namespace; namespace create / ls', async () => {
    expect(await rbd('namespace', 'create', 'image-pool/ns1')).toEqual({ code: 0, stdout: '', stderr: '' });
    await okA('namespace', 'create', '--pool', 'image-pool', '--namespace', 'ns2');
    expect(await okA('namespace', 'ls', 'image-pool')).toBe('NAME\nns1 \nns2 \n');
    expect(await jsonA('namespace', 'list', 'image-pool')).toEqual([{ name: 'ns1' }, { name: 'ns2' }]);
    expect(await okA('namespace', 'ls', 'data-ec')).toBe('');
    await okA('create', '--size', '1', 'image-pool/ns1/in-ns');
    expect(await okA('ls', 'image-pool/ns1')).toBe('in-ns\n');
    expect(await okA('info', 'image-pool/ns1/in-ns')).toContain("rbd image 'in-ns':");
    const again = await rbd('namespace', 'create', 'image-pool/ns1');
    expect(again).toEqual({ code: 17, stdout: '', stderr: 'rbd: failed to created namespace: (17) File exists\n' });
  });
});

describe('rbd ls', () => {
  const h = tempHome();
  const run = (...args: string[]) => ok(h, [...A, ...args]);

  test('plain names, -l table, JSON and XML keys as real rbd', async () => {
    await createPool(h, 'site-a', 'p');
    expect(await run('ls', 'p')).toBe('');
    expect(await run('ls', '-l', 'p')).toBe('');
    expect(await run('ls', 'p', '--format', 'json')).toBe('[]\n');
    await run('create', '--size', '64M', 'p/image-2');
    await run('create', '--size', '32M', 'p/image-1');
    await run('create', '--size', '1536M', 'p/big');
    await run('snap', 'create', '--no-progress', 'p/image-1@before');
    expect(await run('list', 'p')).toBe('big\nimage-1\nimage-2\n');
    expect(await run('ls', 'p', '--format', 'json')).toBe('["big","image-1","image-2"]\n');
    expect(await run('ls', 'p', '--format', 'xml')).toBe('<images><name>big</name><name>image-1</name><name>image-2</name></images>\n');
    expect(await run('ls', '-l', 'p')).toBe([
      'NAME            SIZE     PARENT  FMT  PROT  LOCK',
      'big             1.5 GiB            2            ',
      'image-1          32 MiB            2            ',
      'image-1@before   32 MiB            2            ',
      'image-2          64 MiB            2            ',
      '',
    ].join('\n'));
    const long = JSON.parse(await run('ls', '-l', 'p', '--format', 'json'));
    const id1 = long[1].id;
    expect(long).toEqual([
      { image: 'big', id: long[0].id, size: 1536 * 2 ** 20, format: 2 },
      { image: 'image-1', id: id1, size: 32 * 2 ** 20, format: 2 },
      { image: 'image-1', id: id1, snapshot: 'before', snapshot_id: 1, size: 32 * 2 ** 20, format: 2, protected: 'false' },
      { image: 'image-2', id: long[3].id, size: 64 * 2 ** 20, format: 2 },
    ]);
  });

  test('a missing pool: rbd\'s summary line with the open error', async () => {
    const r = await rbdIn(h, [...A, 'ls', 'nope']);
    expect(r).toEqual({
      code: 2, stdout: '',
      stderr: "rbd: listing images failed: error opening pool 'nope': (2) No such file or directory\n",
    });
  });

  test('ls -l lists 10,000 images (speed: bench/startup.mjs)', async () => {
    const big = tempHome();
    await createPool(big, 'site-a', 'many');
    const db = new LocalFixtures(`${big}/site-a`);
    db.addPlainImages('many', Array.from({ length: 10_000 }, (_, i) =>
      ({ id: `id${String(i).padStart(10, '0')}`, name: `img-${String(i).padStart(5, '0')}`, size: 2 ** 26 })));
    db.close();
    const r = await rbdIn(big, [...A, 'ls', '-l', 'many']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines).toHaveLength(10_002);
    expect(lines[1]).toBe('img-00000  64 MiB            2            ');
  });
});

describe('rbd rm', () => {
  test('progress goes to stderr only; --no-progress prints nothing', async () => {
    await okA('create', '--size', '8M', 'image-pool/gone-1');
    await okA('create', '--size', '8M', 'image-pool/gone-2');
    expect(await rbd('rm', 'image-pool/gone-1')).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await rbd('remove', '--no-progress', 'image-pool/gone-2')).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await okA('ls', 'image-pool')).not.toMatch(/gone/);
  });

  test('an image with user snapshots is refused (ENOTEMPTY) and kept', async () => {
    await okA('create', '--size', '8M', 'image-pool/snapped');
    await okA('snap', 'create', '--no-progress', 'image-pool/snapped@s1');
    const before = storeDigest(home);
    const r = await rbd('rm', 'image-pool/snapped');
    expect(r).toEqual({
      code: 39, stdout: '',
      stderr: "rbd: image has snapshots - these must be deleted with 'rbd snap purge' before the image can be removed.\n",
    });
    expect(storeDigest(home)).toBe(before);
  });
});

describe('bad inputs: exact message, exit code, store unchanged', () => {
  const cases: [string, string[], number, string][] = [
    ['missing size', ['create', 'image-pool/x'], 22, 'rbd: must specify --size <M/G/T>\n'],
    ['bad size', ['create', '--size', '12Q', 'image-pool/x'], 1, "rbd: the argument for option '--size' is invalid\n"],
    ['fractional size', ['create', '--size', '1.5G', 'image-pool/x'], 1, "rbd: the argument for option '--size' is invalid\n"],
    ['size option without value', ['create', 'image-pool/x', '--size'], 1, "rbd: the required argument for option '--size' is missing\n"],
    ['missing image name', ['create', '--size', '1'], 22, 'rbd: image name was not specified\n'],
    ['snapshot part on create', ['create', '--size', '1', 'image-pool/x@snap'], 22, "rbd: snapshot name specified for a command that doesn't use it\n"],
    ['invalid spec on create', ['create', '--size', '1', 'a/b/c/d'], 22, "rbd: invalid spec 'a/b/c/d'\n"],
    ['bad feature name', ['create', '--size', '1', '--image-feature', 'layering,warp-drive', 'image-pool/x'], 1,
      "rbd: the argument for option '--image-feature' is invalid\n"],
    ['journaling without exclusive-lock', ['create', '--size', '1', '--image-feature', 'layering,journaling', 'image-pool/x'], 22,
      'rbd: create error: (22) Invalid argument: cannot use journaling without exclusive lock\n'],
    ['object-map without exclusive-lock', ['create', '--size', '1', '--image-feature', 'object-map', 'image-pool/x'], 22,
      'rbd: create error: (22) Invalid argument: cannot use object map without exclusive lock\n'],
    ['bad order', ['create', '--size', '1', '--order', '26', 'image-pool/x'], 1, "rbd: the argument for option '--order' is invalid\n"],
    ['object size too small', ['create', '--size', '1', '--object-size', '1K', 'image-pool/x'], 33,
      'rbd: create error: (33) Numerical argument out of domain: order must be in the range [12, 25]\n'],
    ['missing data pool', ['create', '--size', '1', '--data-pool', 'nowhere', 'image-pool/x'], 2,
      'rbd: create error: (2) No such file or directory: data pool nowhere does not exist\n'],
    ['bad mirror image mode', ['create', '--size', '1', '--mirror-image-mode', 'rsync', 'image-pool/x'], 1,
      "rbd: the argument for option '--mirror-image-mode' is invalid\n"],
    ['mirror image mode in a pool without mirroring', ['create', '--size', '1', '--mirror-image-mode', 'snapshot', 'image-pool/x'], 22,
      'rbd: create error: (22) Invalid argument: cannot enable mirroring: mirroring is not enabled on the pool\n'],
    ['missing pool', ['create', '--size', '1', 'nopool/x'], 2, "rbd: error opening pool 'nopool': (2) No such file or directory\n"],
    ['missing default pool', ['create', '--size', '1', 'x'], 2,
      "rbd: error opening default pool 'rbd' (ensure that the default pool has been created or specify an alternate pool name)\n"],
    ['missing namespace', ['create', '--size', '1', 'image-pool/nons/x'], 2, "rbd: namespace 'nons' does not exist.\n"],
    ['existing image', ['create', '--size', '1', 'image-pool/image-1'], 17, 'rbd: create error: (17) File exists\n'],
    ['info of a missing image', ['info', 'image-pool/nosuch'], 2, 'rbd: error opening image nosuch: (2) No such file or directory\n'],
    ['info without image', ['info'], 22, 'rbd: image name was not specified\n'],
    ['info of a missing snapshot', ['info', 'image-pool/image-1@nosnap'], 2, 'rbd: error setting snapshot context: (2) No such file or directory\n'],
    ['rm of a missing image', ['rm', 'image-pool/nosuch'], 2, 'rbd: delete error: (2) No such file or directory\n'],
    ['rm with a snapshot part', ['rm', 'image-pool/image-1@s'], 22, "rbd: snapshot name specified for a command that doesn't use it\n"],
    ['rm in a missing pool', ['rm', '--no-progress', 'nopool/x'], 2, "rbd: error opening pool 'nopool': (2) No such file or directory\n"],
    ['pretty without format', ['info', '--pretty-format', 'image-pool/image-1'], 22, 'rbd: --pretty-format only works when --format is json or xml\n'],
    ['namespace create without namespace', ['namespace', 'create', 'image-pool'], 22, 'rbd: namespace name was not specified\n'],
  ];

  test.each(cases)('%s', async (_name, args, code, stderr) => {
    const before = storeDigest(home);
    const r = await rbd(...args);
    expect(r).toEqual({ code, stdout: '', stderr });
    expect(storeDigest(home)).toBe(before);
  });
});
