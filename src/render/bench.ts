// `rbd bench` lines, as Bench.cc prints them with printf and std::cout.
import type { BenchPlan, BenchResult, BenchTick } from '../domain/io/bench.js';
import { bytesHuman } from '../rules/byte-units.js';

const PATTERN_NAME = { seq: 'sequential', rand: 'random', 'full-seq': 'full-seq' } as const;

/** std::cout << double: %g with 6 significant digits. */
export function coutDouble(x: number): string {
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : x < 0 ? '-inf' : 'nan';
  if (x === 0) return '0';
  const exp = Math.floor(Math.log10(Math.abs(x)));
  if (exp < -5 || exp >= 6) {
    const [m, e] = x.toExponential(5).split('e');
    const mant = m!.replace(/\.?0+$/, '');
    const n = Number(e);
    return `${mant}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  return Number(x.toPrecision(6)).toString();
}

export function benchHeader(plan: BenchPlan): string {
  const type = plan.type === 'readwrite' ? `readwrite read:write=${plan.readPercent}:${100 - plan.readPercent}` : plan.type;
  return `bench  type ${type} io_size ${plan.ioSize} io_threads ${plan.threads} bytes ${plan.total} pattern ${PATTERN_NAME[plan.pattern]}\n` +
    '  SEC       OPS   OPS/SEC   BYTES/SEC\n';
}

export function benchTick(t: BenchTick): string {
  return `${String(t.second).padStart(5)}  ${String(t.ops).padStart(8)}  ${t.opsPerSec.toFixed(2).padStart(8)}  ${`${bytesHuman(Math.floor(t.bytesPerSec))}/s`.padStart(10)}\n`;
}

export function benchSummary(r: BenchResult): string {
  const secs = r.elapsedSeconds > 0 ? r.elapsedSeconds : 1e-9;
  const rate = (ops: number, k = '') => `${k}ops/sec: ${coutDouble(ops / secs)}   ${k}bytes/sec: ${bytesHuman(Math.floor((ops * r.plan.ioSize) / secs))}/s`;
  let out = `elapsed: ${Math.floor(r.elapsedSeconds)}   ops: ${r.ops}   ${rate(r.ops)}\n`;
  if (r.plan.type === 'readwrite') {
    out += `read_ops: ${r.readOps}   ${rate(r.readOps, 'read_')}\n`;
    out += `write_ops: ${r.writeOps}   ${rate(r.writeOps, 'write_')}\n`;
  }
  return out;
}
