// Shell completion comes from the command definitions (src/cli/completion-words.ts): command
// words, options as the parser accepts them, mode words, and names read from the cluster.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { createPool, childEnv, ok, RBD_BIN, rbdIn, tempHome } from '../helpers/rbd.js';

test('rbd completion prints a bash script and completes command words', async () => {
  const home = tempHome();
  expect(await ok(home, ['completion'])).toContain('rbd --get-yargs-completions');
  expect((await ok(home, ['--get-yargs-completions', 'rbd', 'mirror', ''])).split('\n')).toEqual(expect.arrayContaining(['pool', 'image', 'snapshot']));
  expect((await ok(home, ['--get-yargs-completions', 'rbd', 'mirror', 'pool', 'peer', ''])).split('\n'))
    .toEqual(expect.arrayContaining(['add', 'remove', 'set', 'bootstrap']));
});

describe('completion words', () => {
  const home = tempHome();
  const complete = async (...words: string[]) => (await ok(home, ['--get-yargs-completions', 'rbd', ...words])).split('\n').filter(Boolean);

  beforeAll(async () => {
    await createPool(home, 'site-a', 'pool-one');
    await createPool(home, 'site-a', 'pool-two');
    await ok(home, ['--cluster', 'site-a', 'create', '--size', '1M', 'pool-one/disk-a']);
    await ok(home, ['--cluster', 'site-a', 'create', '--size', '1M', 'pool-one/disk-b']);
    await ok(home, ['--cluster', 'site-a', 'snap', 'create', 'pool-one/disk-a@before']);
    await ok(home, ['--cluster', 'site-a', 'namespace', 'create', 'pool-two/tenant']);
  });

  test('options are offered as the parser accepts them: -p and --pool, never --p', async () => {
    const dash = await complete('mirror', 'pool', 'info', '-');
    expect(dash).toEqual(expect.arrayContaining(['-p', '--pool', '--format', '--cluster', '-c', '--conf', '-k', '--keyring']));
    const all = [...dash, ...await complete('mirror', 'pool', 'info', '--'), ...await complete('--')];
    expect(all.filter((w) => /^--.$/.test(w))).toEqual([]);
    expect(await complete('mirror', 'pool', 'info', '--p')).toEqual(['--pool', '--pretty-format']);
    // hidden options stay hidden
    expect(all).not.toContain('--color');
  });

  test('mode words and option choices', async () => {
    expect(await complete('mirror', 'pool', 'enable', 'pool-one', '')).toEqual(['image', 'pool']);
    expect(await complete('mirror', 'pool', 'enable', '--pool', 'pool-one', '')).toEqual(['image', 'pool']);
    expect(await complete('mirror', 'image', 'enable', 'pool-one/disk-a', 's')).toEqual(['snapshot']);
    expect(await complete('mirror', 'pool', 'peer', 'add', '--direction', '')).toEqual(['rx-only', 'rx-tx']);
    expect(await complete('mirror', 'pool', 'status', '--format=')).toEqual(['--format=plain', '--format=json', '--format=xml']);
    expect(await complete('feature', 'enable', 'pool-one/disk-a', 'j')).toEqual(['journaling']);
  });

  test('pool, namespace, image and snapshot names come from the cluster on the line', async () => {
    expect(await complete('--cluster', 'site-a', 'mirror', 'pool', 'info', '')).toEqual(['pool-one', 'pool-two']);
    expect(await complete('--cluster', 'site-a', 'ls', '-p', 'pool-')).toEqual(['pool-one', 'pool-two']);
    expect(await complete('--cluster', 'site-a', 'info', 'pool-one/')).toEqual(['pool-one/disk-a', 'pool-one/disk-b']);
    expect(await complete('--cluster', 'site-a', 'info', 'pool-one/disk-a@')).toEqual(['pool-one/disk-a@before']);
    expect(await complete('--cluster', 'site-a', 'info', '--pool', 'pool-one', '--image', '')).toEqual(['disk-a', 'disk-b']);
    expect(await complete('--cluster', 'site-a', 'mirror', 'pool', 'status', 'pool-two/')).toEqual(['pool-two/tenant']);
    expect(await complete('--cluster', '')).toEqual(expect.arrayContaining(['site-a']));
    // an image spec starts with the pools
    expect(await complete('--cluster', 'site-a', 'rm', '')).toEqual(expect.arrayContaining(['pool-one/', 'pool-two/']));
  });

  test('a cluster that does not exist completes nothing and is not created', async () => {
    expect(await complete('--cluster', 'nowhere', 'mirror', 'pool', 'info', '')).toEqual([]);
    expect((await rbdIn(home, ['--cluster', 'nowhere', 'ls', 'pool-one'])).code).toBe(2);
  });

  test('help words complete like commands', async () => {
    expect(await complete('help', 'mirror', 'snapshot', 'schedule', '')).toEqual(expect.arrayContaining(['add', 'remove', 'ls', 'list', 'status']));
    expect(await complete('')).toEqual(expect.arrayContaining(['help', 'mirror', 'completion', 'create']));
  });

  test('the bash script completes through readline variables', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'rbdm-bin-'));
    symlinkSync(RBD_BIN, join(bin, 'rbd'));
    const script = await ok(home, ['completion']);
    const line = 'rbd --cluster site-a info pool-one/disk-a@be';
    const out = execFileSync('bash', ['-c', `${script}
COMP_LINE='${line}'; COMP_POINT=${line.length}; COMP_WORDS=(rbd --cluster site-a info pool-one/disk-a @ be); COMP_CWORD=6
_rbd_completions; printf '%s\\n' "\${COMPREPLY[@]}"`], { env: { ...childEnv(home), PATH: `${bin}:${process.env.PATH}` }, encoding: 'utf8' });
    // bash splits at '@': readline replaces only `be`
    expect(out.split('\n').filter(Boolean)).toEqual(['before']);
  });
});

test('rbd help completion describes the command', async () => {
  const r = await rbdIn(tempHome(), ['help', 'completion']);
  expect(r).toMatchObject({ code: 0, stderr: '' });
  expect(r.stdout).toMatch(/^usage: rbd completion/);
  expect(r.stdout).toContain('rbdm addition');
});
