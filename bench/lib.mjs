// Tiny timing harness for whole-command benchmarks: runs each command N times after warm-up and
// reports median / min / mean wall time. No extra dependency (hyperfine may not be installed).
import { spawnSync } from 'node:child_process';

export function time(cmd, args, { runs = 20, warmup = 3, env = process.env, check = true } = {}) {
  const samples = [];
  for (let i = 0; i < warmup + runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (check && r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    if (i >= warmup) samples.push(ms);
  }
  return summary(samples);
}

// The CPU time (user+sys) of one child, from wait4's rusage (µs resolution; /proc and `time`
// give 10 ms ticks). Node has no wait4, so a few lines of Python run the child when there is one.
const WAIT4 = `import os, sys
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
_, st, ru = os.wait4(pid, 0)
sys.stderr.write('\\nrbdm-cpu %f\\n' % (ru.ru_utime + ru.ru_stime))
sys.exit(os.waitstatus_to_exitcode(st))`;
const python = ['python3', 'python'].find((p) => spawnSync(p, ['-c', 'import os; os.wait4'], { stdio: 'ignore' }).status === 0);
export const canMeasureCpu = python !== undefined;

/** Several commands, one run of each in turn per round: drift in the machine's load falls on
 *  all of them alike. Returns one { median, min, mean, cpu } per command (cpu: the median
 *  user+sys ms of the command's process, when Python is there to measure it). */
export function timeInterleaved(commands, { runs = 20, warmup = 3, env = process.env } = {}) {
  const samples = commands.map(() => []);
  const cpu = commands.map(() => []);
  for (let i = 0; i < warmup + runs; i++) {
    commands.forEach(([cmd, args], k) => {
      const t0 = process.hrtime.bigint();
      const r = spawnSync(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
      if (i >= warmup) samples[k].push(ms);
      if (python && i >= warmup) {
        const c = spawnSync(python, ['-c', WAIT4, cmd, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
        const m = /rbdm-cpu ([\d.]+)/.exec(c.stderr);
        if (m) cpu[k].push(Number(m[1]) * 1000);
      }
    });
  }
  return samples.map((s, k) => ({ ...summary(s), cpu: cpu[k].length ? summary(cpu[k]).median : NaN }));
}

function summary(samples) {
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)], min: samples[0], mean: samples.reduce((a, b) => a + b, 0) / samples.length };
}

export function table(rows, headers) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export const fmt = (ms) => ms.toFixed(1);

export function withoutCa(env) {
  const e = { ...env };
  delete e.NODE_EXTRA_CA_CERTS;
  return e;
}
