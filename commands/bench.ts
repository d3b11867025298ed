import { defineCommand } from '../src/cli/define.js';
import { IMAGE_OPTIONS, IMAGE_SPEC } from '../src/cli/shared-options.js';
import { planBench, runBench } from '../src/domain/io/bench.js';
import { benchHeader, benchSummary, benchTick } from '../src/render/bench.js';

export default defineCommand({
  path: ['bench'],
  describe: 'Simple benchmark.',
  positionals: [IMAGE_SPEC],
  options: {
    ...IMAGE_OPTIONS,
    'io-size': { type: 'string', describe: 'IO size (in B/K/M/G/T) [default: 4K]' },
    'io-threads': { type: 'string', describe: 'ios in flight [default: 16]' },
    'io-total': { type: 'string', describe: 'total size for IO (in B/K/M/G/T) [default: 1G]' },
    'io-pattern': { type: 'string', describe: 'IO pattern (rand, seq, or full-seq) [default: seq]', choices: ['rand', 'seq', 'full-seq'] },
    'rw-mix-read': { type: 'string', describe: 'read proportion in readwrite (<= 100) [default: 50]' },
    'io-type': { type: 'string', describe: 'IO type (read, write, or readwrite(rw))', choices: ['read', 'write', 'readwrite', 'rw'] },
  },
  spec: { positional: 'image-spec', kind: 'image', validation: 'none', snapshot: 'none' },
  async run(args, ctx, target) {
    const ref = await target();
    const plan = planBench(args);
    const result = await runBench(await ctx.backend(), ref, plan, {
      start: (p) => ctx.print.write(benchHeader(p)),
      tick: (t) => ctx.print.write(benchTick(t)),
    });
    ctx.print.write(benchSummary(result));
  },
});
