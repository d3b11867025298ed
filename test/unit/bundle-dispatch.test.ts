// The router's half of a call (src/cli/route.ts, bundle-dispatch.ts): what reaches a command's
// bundle is the bundle's name and plain data, and a router-side definition never runs.
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../commands/index.js';
import { bundleDispatch, commandBundleName } from '../../src/cli/bundle-dispatch.js';
import type { CallData } from '../../src/cli/command-bundle.js';
import { definitionOnly } from '../../src/cli/definition-only.js';
import type { Io } from '../../src/cli/io.js';
import { reportFailure } from '../../src/cli/report-failure.js';
import { RBD_HELP, route } from '../../src/cli/route.js';

function captureIo(): Io & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, env: {}, stdout: (t: string) => { out.push(t); }, stderr: (t: string) => { err.push(t); } } as unknown as Io & { out: string[]; err: string[] };
}

describe('bundle dispatch', () => {
  it('loads the bundle named after the command path and hands it the parsed line without the command', async () => {
    const io = captureIo();
    const loaded: string[] = [];
    const calls: CallData[] = [];
    const load = (name: string) => {
      loaded.push(name);
      return { runCall: async (call: CallData) => { calls.push(call); return 7; } };
    };
    const binary = { dispatch: bundleDispatch(load, 'rbd', io, COMMANDS), complete: async () => 0, report: reportFailure, help: RBD_HELP };
    const status = await route(['--cluster', 'site-a', 'mirror', 'pool', 'info', 'p', '--format', 'json'], io, COMMANDS, binary);
    expect(status).toBe(7);
    expect(loaded).toEqual(['rbd.mirror-pool-info']);
    expect(calls).toHaveLength(1);
    expect(calls[0]).not.toHaveProperty('command');
    expect(calls[0]!.args).toMatchObject({ poolSpec: 'p', format: 'json' });
    expect(calls[0]!.globals).toMatchObject({ cluster: 'site-a' });
  });

  it('answers help, --version and bad lines in the router, loading no bundle', async () => {
    const load = (name: string) => { throw new Error(`loaded ${name}`); };
    for (const [argv, status] of [[['help', 'mirror', 'pool', 'info'], 0], [['--version'], 0], [['mirror', 'pool', 'infox'], 1]] as const) {
      const io = captureIo();
      const binary = { dispatch: bundleDispatch(load, 'rbd', io, COMMANDS), complete: async () => 0, report: reportFailure, help: RBD_HELP };
      expect(await route([...argv], io, COMMANDS, binary)).toBe(status);
      expect(io.err.join('')).not.toContain('loaded');
    }
  });

  it('names an alias by its command path', () => {
    const list = COMMANDS.find((c) => c.aliases?.some((a) => a.join(' ') === 'ls'));
    expect(list).toBeDefined();
    expect(commandBundleName('rbd', list!.path)).toBe(`rbd.${list!.path.join('-')}`);
  });

  it('gives every command its own bundle name', () => {
    const names = COMMANDS.map((c) => commandBundleName('rbd', c.path));
    expect(new Set(names).size).toBe(names.length);
  });

  it('refuses to run a router-side definition', async () => {
    const { run: _run, ...definition } = COMMANDS[0]!;
    await expect(definitionOnly(definition).run({}, {} as never)).rejects.toThrow(/runs from its own bundle/);
  });
});
