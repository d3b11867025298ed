// Pure pieces of the data commands: progress only on a TTY's stderr, bench number formatting,
// the sparse split of import.
import { describe, expect, test } from 'vitest';
import type { Io } from '../../src/cli/io.js';
import { decorations } from '../../src/cli/context.js';
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
  test('a terminal\'s stderr gets a spinner with rbd\'s percentages; stdout nothing', async () => {
    const { io, out, err } = fakeIo(true);
    const p = await progressMeter({ io, progress: true }, 'Importing image');
    p.update(0, 200); p.update(84, 200); p.update(200, 200);
    p.finish();
    expect(err.join('')).toContain('Importing image: 100% complete...done.');
    expect(out).toEqual([]);
  });

  test('silent when progress is not allowed, or with --no-progress', async () => {
    const { io, err } = fakeIo(true);
    const p = await progressMeter({ io, progress: false }, 'Exporting image');
    p.update(5, 10); p.fail();
    (await progressMeter({ io, progress: true }, 'Resizing image', true)).finish();
    expect(err).toEqual([]);
  });

  test.each([
    ['a terminal', { stdoutIsTTY: true, stderrIsTTY: true, env: {} }, false, { colour: true, progress: true }],
    ['not a terminal', { stdoutIsTTY: false, stderrIsTTY: false, env: {} }, false, { colour: false, progress: false }],
    ['stdout piped', { stdoutIsTTY: false, stderrIsTTY: true, env: {} }, false, { colour: false, progress: true }],
    ['CI', { stdoutIsTTY: true, stderrIsTTY: true, env: { CI: 'true' } }, false, { colour: false, progress: false }],
    ['NO_COLOR', { stdoutIsTTY: true, stderrIsTTY: true, env: { NO_COLOR: '1' } }, false, { colour: false, progress: false }],
    ['--no-color', { stdoutIsTTY: true, stderrIsTTY: true, env: {} }, true, { colour: false, progress: false }],
  ])('colour and progress on %s', (_, io, flag, expected) => {
    expect(decorations(io, flag)).toEqual(expected);
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
