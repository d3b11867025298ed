// The --watch loop (src/cli/watch.ts) over an Io of buffers: frames only on change off a
// terminal, one JSON line per change, redraw in place on a terminal, a clean stop on a signal.
import { describe, expect, test } from 'vitest';
import { makePrinter, type Context } from '../../src/cli/context.js';
import type { Io } from '../../src/cli/io.js';
import { watch, watchIntervalMs } from '../../src/cli/watch.js';
import type { Rendering } from '../../src/render/output.js';

function harness(opts: { tty: boolean; format: 'plain' | 'json' }) {
  let out = '';
  let stopHandler: ((s: string) => void) | undefined;
  const io: Io = {
    stdout: (t) => { out += t; }, stderr: () => undefined, readStdin: async () => '', env: {},
    stdoutIsTTY: opts.tty, stderrIsTTY: false,
    onStop: (h) => { stopHandler = h; return () => { stopHandler = undefined; }; },
  };
  const ctx = { format: opts.format, pretty: true, print: makePrinter(io), io } as unknown as Context;
  return { ctx, out: () => out, stop: () => stopHandler?.('SIGINT'), hooked: () => stopHandler !== undefined };
}

const rendering: Rendering<{ n: number }> = { root: 'r', json: (d) => ({ n: d.n }), plain: (d) => `n: ${d.n}\nend\n` };

/** Values to return, one per read; stops the watch after the last. */
function reader(values: number[], stop: () => void) {
  let i = 0;
  return async () => {
    const n = values[Math.min(i, values.length - 1)]!;
    if (++i >= values.length) setImmediate(stop);
    return { n };
  };
}

describe('--watch', () => {
  test('off a terminal: a block per change only, separated by a blank line; the signal hook is removed', async () => {
    const h = harness({ tty: false, format: 'plain' });
    const code = await watch(h.ctx, { title: 't', read: reader([1, 1, 2, 2, 2, 3], h.stop), rendering }, 1);
    expect(code).toBe(0);
    expect(h.out()).toBe('n: 1\nend\n\nn: 2\nend\n\nn: 3\nend\n');
    expect(h.hooked()).toBe(false);
  });

  test('--format json: one compact document per line per change, even with --pretty-format', async () => {
    const h = harness({ tty: false, format: 'json' });
    await watch(h.ctx, { title: 't', read: reader([1, 2, 2, 3], h.stop), rendering }, 1);
    expect(h.out()).toBe('{"n":1}\n{"n":2}\n{"n":3}\n');
  });

  test('a key function decides what a change is', async () => {
    const h = harness({ tty: false, format: 'plain' });
    await watch(h.ctx, { title: 't', read: reader([1, 2, 3, 4], h.stop), rendering, key: (d) => String(d.n > 2) }, 1);
    expect(h.out()).toBe('n: 1\nend\n\nn: 3\nend\n');
  });

  test('on a terminal: every frame from the cursor home, lines cleared to their end, cursor restored', async () => {
    const h = harness({ tty: true, format: 'plain' });
    await watch(h.ctx, { title: 'rbd x', read: reader([1, 2], h.stop), rendering }, 1000);
    const out = h.out();
    expect(out.startsWith('\x1b[?25l\x1b[H\x1b[2J')).toBe(true);
    expect(out.endsWith('\x1b[J\x1b[?25h')).toBe(true);
    expect(out.match(/\x1b\[H/g)).toHaveLength(3);
    expect(out).toContain('n: 2\x1b[K\nend\x1b[K\n');
    expect(out).toMatch(/Every 1s: rbd x {4}/);
  });

  test('the first read failing is the command failing; --interval parses d/h/m/s', async () => {
    const h = harness({ tty: false, format: 'plain' });
    await expect(watch(h.ctx, { title: 't', read: async () => { throw new Error('boom'); }, rendering }, 1)).rejects.toThrow('boom');
    expect(h.hooked()).toBe(false);
    expect(watchIntervalMs(undefined)).toBe(2000);
    expect(watchIntervalMs('1m30s')).toBe(90_000);
    expect(() => watchIntervalMs('soon')).toThrow(/invalid duration for --interval/);
  });
});
