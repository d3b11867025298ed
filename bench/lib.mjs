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

/** Several commands, one run of each in turn per round: drift in the machine's load falls on
 *  all of them alike. Returns one { median, min, mean } per command. */
export function timeInterleaved(commands, { runs = 20, warmup = 3, env = process.env } = {}) {
  const samples = commands.map(() => []);
  for (let i = 0; i < warmup + runs; i++) {
    commands.forEach(([cmd, args], k) => {
      const t0 = process.hrtime.bigint();
      const r = spawnSync(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
      if (i >= warmup) samples[k].push(ms);
    });
  }
  return samples.map(summary);
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
