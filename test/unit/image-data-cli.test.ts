// Pure pieces of the data commands: progress only on a TTY's stderr, bench number formatting,
// the sparse split of import.
import { describe, expect, test } from 'vitest';
import type { Io } from '../../src/cli/io.js';
import { progressMeter } from '../../src/cli/progress.js';
import { sparseExtents } from '../../src/domain/io/import.js';
import { benchTick, coutDouble } from '../../src/render/bench.js';

function fakeIo(stderrIsTTY: boolean, env: NodeJS.ProcessEnv = {}): { io: Io; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out, err,
    io: { stdout: (t) => out.push(t), stderr: (t) => err.push(t), readStdin: async () => '', env, stdoutIsTTY: false, stderrIsTTY },
  };
}

describe('progress', () => {
  test('a TTY stderr gets percentages redrawn in place, stdout nothing', () => {
    const { io, out, err } = fakeIo(true);
    const p = progressMeter({ io }, 'Importing image');
    p.update(0, 200); p.update(1, 200); p.update(84, 200); p.update(85, 200);
    p.finish();
    expect(err.join('')).toBe('\rImporting image: 0% complete...\rImporting image: 42% complete...\rImporting image: 100% complete...done.\n');
    expect(out).toEqual([]);
  });

  test.each([
    ['not a TTY', false, {}],
    ['CI', true, { CI: 'true' }],
    ['NO_COLOR', true, { NO_COLOR: '1' }],
  ])('silent when %s', (_, tty, env) => {
    const { io, err } = fakeIo(tty as boolean, env as NodeJS.ProcessEnv);
    const p = progressMeter({ io }, 'Exporting image');
    p.update(5, 10); p.fail();
    expect(err).toEqual([]);
  });

  test('--no-progress silences a TTY too', () => {
    const { io, err } = fakeIo(true);
    progressMeter({ io }, 'Resizing image', true).finish();
    expect(err).toEqual([]);
  });
});

describe('bench formatting', () => {
  test('std::cout doubles as real rbd printed them', () => {
    expect(coutDouble(2048 / 0.216)).toBe('9481.48');
    expect(coutDouble(25600)).toBe('25600');
    expect(coutDouble(2560)).toBe('2560');
    expect(coutDouble(4571.428571)).toBe('4571.43');
    expect(coutDouble(1234567)).toBe('1.23457e+06');
  });

  test('a per-second line', () => {
    expect(benchTick({ second: 1, ops: 9000, opsPerSec: 8999.5, bytesPerSec: 8999.5 * 4096 }))
      .toBe('    1      9000   8999.50    35 MiB/s\n');
  });
});

describe('import sparseness', () => {
  test('zero runs of sparse-size are skipped, data runs merged', () => {
    const chunk = Buffer.concat([Buffer.alloc(4096, 1), Buffer.alloc(8192), Buffer.alloc(100, 2), Buffer.alloc(4096 - 100), Buffer.alloc(4096, 3)]);
    const ext = sparseExtents(chunk, 1000, 4096);
    expect(ext.map((e) => [e.offset, e.data.length])).toEqual([[1000, 4096], [1000 + 12288, 8192]]);
    expect(sparseExtents(Buffer.alloc(8192), 0, 4096)).toEqual([]);
  });
});
