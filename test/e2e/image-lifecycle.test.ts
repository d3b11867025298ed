// `rbd rename|mv`, `rbd trash mv|ls|restore|rm|purge`, `rbd image-meta list|get|set|remove` and
// `rbd lock ls` on either backend (test/helpers/sites.ts), with real rbd's output, messages and
// exit codes as recorded on the lab (Ceph 16.2). Bad inputs change nothing.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ON_LOCAL, sites } from '../helpers/sites.js';
import { scaled } from '../helpers/slow.js';

const s = sites('life');
const { a } = s;
const P = s.pool('life-pool');
const Q = s.pool('life-other');
const rbd = (...args: string[]) => a.run(args);
const CTIME = /^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}$/;

/** The one failure line, its exit code, and (local) an unchanged store. */
async function refused(args: string[], code: number, stderr: string): Promise<void> {
  const before = ON_LOCAL ? await s.state() : '';
  expect(await rbd(...args), args.join(' ')).toEqual({ code, stdout: '', stderr: `${stderr}\n` });
  if (ON_LOCAL) expect(await s.state()).toBe(before);
}

const trashIds = async (): Promise<Record<string, string>> =>
  Object.fromEntries((await a.json('trash', 'ls', '--all', P)).map((t: { id: string; name: string }) => [t.name, t.id]));

describe.skipIf(s.skip)(s.title('image life cycle commands'), () => {
  beforeAll(async () => {
    await s.createPool('site-a', 'life-pool');
    await s.createPool('site-a', 'life-other');
    for (const i of ['a', 'b', 'm']) await a.ok(['create', '--size', '8M', `${P}/${i}`]);
  }, scaled(120_000));
  afterAll(() => s.cleanup(), 120_000);

  describe('rename', () => {
    test('rename and its mv alias; the destination pool defaults to the source pool', async () => {
      expect(await rbd('rename', `${P}/a`, `${P}/a2`)).toEqual({ code: 0, stdout: '', stderr: '' });
      expect(await rbd('mv', `${P}/a2`, 'a3')).toEqual({ code: 0, stdout: '', stderr: '' });
      expect(await a.json('ls', P)).toEqual(['a3', 'b', 'm']);
      await a.ok(['rename', '--pool', P, '--image', 'a3', '--dest', 'a']);
      expect(await a.json('ls', P)).toEqual(['a', 'b', 'm']);
    });

    test('bad renames: one line, rbd exit codes, nothing changed', async () => {
      await refused(['rename', `${P}/a`, `${P}/b`], 17, 'rbd: rename error: (17) File exists');
      await refused(['rename', `${P}/nope`, `${P}/d`], 2, 'rbd: rename error: (2) No such file or directory');
      await refused(['rename', `${P}/a`, `${Q}/c`], 22, `rbd: mv/rename across pools not supported: source pool: ${P} dest pool: ${Q}`);
      await refused(['rename', `${P}/a`], 22, 'rbd: destination image name was not specified');
      await refused(['rename', `${P}/a@s`, `${P}/d`], 22, "rbd: snapshot name specified for a command that doesn't use it");
      await refused(['rename', `${P}/a`, `${P}/d@s`], 22, "rbd: destination snapshot name specified for a command that doesn't use it");
    });
  });

  describe('image-meta', () => {
    test('an empty list: a sentence in plain, nothing at all in JSON and XML', async () => {
      expect(await a('image-meta', 'list', `${P}/m`)).toBe('There are 0 metadata on this image.\n');
      expect(await rbd('image-meta', 'ls', `${P}/m`, '--format', 'json')).toEqual({ code: 0, stdout: '', stderr: '' });
      expect(await rbd('image-meta', 'ls', `${P}/m`, '--format', 'xml')).toEqual({ code: 0, stdout: '', stderr: '' });
    });

    test('set, get, list (table, JSON object, XML), remove', async () => {
      expect(await rbd('image-meta', 'set', `${P}/m`, 'k1', 'v1')).toEqual({ code: 0, stdout: '', stderr: '' });
      expect(await a('image-meta', 'list', `${P}/m`)).toBe('There is 1 metadatum on this image:\n\nKey  Value\nk1   v1   \n');
      await a.ok(['image-meta', 'set', `${P}/m`, 'conf_rbd_journal_max_payload_bytes', '8192']);
      expect(await a('image-meta', 'get', `${P}/m`, 'k1')).toBe('v1\n');
      expect(await a('image-meta', 'list', `${P}/m`)).toBe([
        'There are 2 metadata on this image:', '',
        'Key                                 Value',
        'conf_rbd_journal_max_payload_bytes  8192 ',
        'k1                                  v1   ', ''].join('\n'));
      expect(await a('image-meta', 'ls', `${P}/m`, '--format', 'json')).toBe('{"conf_rbd_journal_max_payload_bytes":"8192","k1":"v1"}\n');
      expect(await a('image-meta', 'ls', `${P}/m`, '--format', 'json', '--pretty-format'))
        .toBe('{\n    "conf_rbd_journal_max_payload_bytes": "8192",\n    "k1": "v1"\n}\n');
      expect(await a('image-meta', 'ls', `${P}/m`, '--format', 'xml')).toBe(
        '<metadatas><conf_rbd_journal_max_payload_bytes>8192</conf_rbd_journal_max_payload_bytes><k1>v1</k1></metadatas>\n');
      expect(await rbd('image-meta', 'rm', `${P}/m`, 'k1')).toEqual({ code: 0, stdout: '', stderr: '' });
      expect(await a.json('image-meta', 'list', `${P}/m`)).toEqual({ conf_rbd_journal_max_payload_bytes: '8192' });
    });

    test('bad keys and values: rbd exit codes, nothing changed', async () => {
      await refused(['image-meta', 'get', `${P}/m`, 'nokey'], 2, 'rbd: getting metadata failed: (2) No such file or directory');
      await refused(['image-meta', 'remove', `${P}/m`, 'nokey'], 2, 'rbd: removing metadata failed: (2) No such file or directory: no existing metadata key nokey');
      // a conf_ key must name an rbd option librbd can apply per image, with a value of its type
      await refused(['image-meta', 'set', `${P}/m`, 'conf_bogus_option', '1'], 22, 'rbd: setting metadata failed: (22) Invalid argument');
      await refused(['image-meta', 'set', `${P}/m`, 'conf_rbd_journal_max_payload_bytes', 'notanumber'], 22, 'rbd: setting metadata failed: (22) Invalid argument');
      await refused(['image-meta', 'set', `${P}/m`], 22, 'rbd: metadata key was not specified');
      await refused(['image-meta', 'get', `${P}/m`], 22, 'rbd: metadata key was not specified');
      await refused(['image-meta', 'set', `${P}/m`, 'k2'], 22, 'rbd: metadata value was not specified');
      await refused(['image-meta', 'list', `${P}/nope`], 2, 'rbd: error opening image nope: (2) No such file or directory');
    });
  });

  describe('lock ls', () => {
    test('an image nobody holds: nothing, [] and <locks></locks>', async () => {
      expect(await rbd('lock', 'ls', `${P}/b`)).toEqual({ code: 0, stdout: '', stderr: '' });
      expect(await a('lock', 'ls', `${P}/b`, '--format', 'json')).toBe('[]\n');
      expect(await a('lock', 'list', `${P}/b`, '--format', 'xml')).toBe('<locks></locks>\n');
      await refused(['lock', 'ls', `${P}/nope`], 2, 'rbd: error opening image nope: (2) No such file or directory');
    });
  });

  describe('trash', () => {
    test('an empty trash: nothing, [] and <trash></trash>', async () => {
      expect(await rbd('trash', 'ls', P)).toEqual({ code: 0, stdout: '', stderr: '' });
      expect(await a('trash', 'ls', P, '--format', 'json')).toBe('[]\n');
      expect(await a('trash', 'ls', P, '--format', 'xml')).toBe('<trash></trash>\n');
    });

    test('mv hides the image and frees its name; ls short, long, JSON and XML', async () => {
      const id = (await a.json('info', `${P}/b`)).id as string;
      expect(await rbd('trash', 'mv', `${P}/b`)).toEqual({ code: 0, stdout: '', stderr: '' });
      expect(await a.json('ls', P)).toEqual(['a', 'm']);
      expect(await a('trash', 'ls', P)).toBe(`${id} b\n`);
      expect(await a('trash', 'ls', P, '--format', 'xml')).toBe(`<trash><image><id>${id}</id><name>b</name></image></trash>\n`);
      const [long] = await a.json('trash', 'ls', '-l', P);
      expect(Object.keys(long)).toEqual(['id', 'name', 'source', 'deleted_at', 'status']);
      expect(long).toMatchObject({ id, name: 'b', source: 'USER' });
      expect(long.deleted_at).toMatch(CTIME);
      expect(long.status).toMatch(/^expired at /);
      const table = (await a('trash', 'ls', '--long', P)).split('\n');
      expect(table[0]).toMatch(/^ID {2,}NAME {2}SOURCE {2}DELETED_AT {2,}STATUS {2,}PARENT$/);
      expect(table[1]).toMatch(new RegExp(`^${id} {2}b {5}USER {4}.{24} {2}expired at .{24} {2,}$`));
      await a.ok(['create', '--size', '8M', `${P}/b`]);
    });

    test('--expires-at protects until then: rm refuses without --force', async () => {
      await a.ok(['create', '--size', '8M', `${P}/keep`]);
      await a.ok(['trash', 'mv', `${P}/keep`, '--expires-at', '2099-01-01']);
      const id = (await trashIds()).keep!;
      const [entry] = (await a.json('trash', 'ls', '-l', P)).filter((t: { id: string }) => t.id === id);
      expect(entry.status).toMatch(/^protected until [A-Z][a-z]{2} Jan {2}1 00:00:\d\d 2099$/);
      await refused(['trash', 'rm', `${P}/${id}`], 1, 'rbd: Deferment time has not expired, please use --force if you really want to remove the image');
      await refused(['trash', 'mv', `${P}/m`, '--expires-at', '2000-01-01'], 22, 'rbd: cannot use a date in the past as an expiration date');
      // purge leaves it (not expired), --expired-before a later date takes it
      await a.ok(['trash', 'purge', '--no-progress', P]);
      expect(await trashIds()).toHaveProperty('keep');
      await a.ok(['trash', 'purge', '--no-progress', P, '--expired-before', '2100-01-01']);
      expect(await trashIds()).not.toHaveProperty('keep');
    });

    test('restore: under its name, refused on a clash, or under --image', async () => {
      await a.ok(['trash', 'mv', `${P}/b`]);
      const id = (await trashIds()).b!;
      await a.ok(['create', '--size', '8M', `${P}/b`]);
      await refused(['trash', 'restore', `${P}/${id}`], 17, 'rbd: error: an image with the same name already exists, try again with a different name');
      expect(await rbd('trash', 'restore', `${P}/${id}`, '--image', 'b-restored')).toEqual({ code: 0, stdout: '', stderr: '' });
      expect((await a.json('info', `${P}/b-restored`)).id).toBe(id);
      await a.ok(['trash', 'mv', `${P}/b-restored`]);
      await a.ok(['trash', 'restore', '--pool', P, '--image-id', id]);
      expect(await a.json('ls', P)).toEqual(['a', 'b', 'b-restored', 'm']);
    });

    test('rm of an expired image and the errors of missing ids', async () => {
      await a.ok(['trash', 'mv', `${P}/a`]);
      const id = (await trashIds()).a!;
      expect(await rbd('trash', 'rm', '--no-progress', `${P}/${id}`)).toEqual({ code: 0, stdout: '', stderr: '' });
      expect(await a.json('trash', 'ls', P)).toEqual([]);
      await refused(['trash', 'rm', `${P}/nosuchid`], 2, 'rbd: remove error: (2) No such file or directory');
      await refused(['trash', 'restore', `${P}/nosuchid`], 2, 'rbd: error: image does not exist in trash');
      await refused(['trash', 'mv', `${P}/nope`], 2, 'rbd: deferred delete error: (2) No such file or directory');
      await refused(['trash', 'purge', P, '--threshold', '5'], 22, 'rbd: threshold provided is out of range, it must be between 0.0 and 1.0');
    });

    test('moving a mirrored primary to the trash disables its mirroring; a restore in image mode leaves it off', async () => {
      await a.ok(['mirror', 'pool', 'enable', P, 'image']);
      await a.ok(['create', '--size', '8M', '--image-feature', 'layering,exclusive-lock,journaling', `${P}/mj`]);
      await a.ok(['mirror', 'image', 'enable', `${P}/mj`, 'journal']);
      await a.ok(['trash', 'mv', `${P}/mj`]);
      await a.ok(['trash', 'restore', `${P}/${(await trashIds()).mj!}`]);
      const info = await a.json('info', `${P}/mj`);
      expect(info.features).toContain('journaling');
      expect(info.mirroring?.state ?? 'disabled').toBe('disabled');
      await refused(['mirror', 'image', 'status', `${P}/mj`], 22, 'rbd: mirroring not enabled on the image');
    });
  });
});
