// Options of `mirror pool|image health` (rbdm additions) and their translation for the domain.
import { parseDuration } from '../rules/duration.js';
import { HEALTH_EXIT, type HealthReport } from '../domain/replication/health.js';
import type { Rendering } from '../render/output.js';
import type { Context } from './context.js';
import type { ReplicationOptions } from '../domain/replication/types.js';
import type { OptionDef } from './define.js';

export const HEALTH_OPTIONS = {
  'warn-lag': { type: 'string', describe: 'WARNING when a copy is further behind (d/h/m/s) [default: 1h]' },
  'crit-lag': { type: 'string', describe: 'CRITICAL when a copy is further behind (d/h/m/s) [default: 4h]' },
  format: { type: 'string', describe: 'output format (plain, json, xml or prometheus) [default: plain]', choices: ['plain', 'json', 'xml', 'prometheus'] },
  'pretty-format': { type: 'boolean', describe: 'pretty formatting (json and xml)' },
  verbose: { type: 'boolean', describe: 'every image and its figures, not only those with problems' },
} as const satisfies Record<string, OptionDef>;

/** Thresholds from the options; a bad duration is UNKNOWN (exit 3), as any failed check. */
export function healthThresholds(args: { warnLag?: string; critLag?: string }): ReplicationOptions {
  const o: ReplicationOptions = {};
  if (args.warnLag !== undefined) o.warnLagSeconds = parseDuration(args.warnLag, 'warn-lag', HEALTH_EXIT.UNKNOWN);
  if (args.critLag !== undefined) o.critLagSeconds = parseDuration(args.critLag, 'crit-lag', HEALTH_EXIT.UNKNOWN);
  return o;
}

/** The rendering and context of a health report: prometheus text is a plain rendering without colour. */
export async function healthOutput(ctx: Context, format: string | undefined, verbose: boolean): Promise<{ view: Context; rendering: Rendering<HealthReport> }> {
  const { healthRendering } = await import('../render/health.js');
  if (format !== 'prometheus') return { view: ctx, rendering: healthRendering(verbose) };
  const { prometheusText } = await import('../render/prometheus.js');
  const cluster = ctx.backendOptions.cluster;
  return {
    view: { ...ctx, format: 'plain', paint: undefined },
    rendering: { ...healthRendering(verbose), plain: (r) => prometheusText(r, cluster), colour: undefined },
  };
}
