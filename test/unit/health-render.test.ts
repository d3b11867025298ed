// Health renderers over fabricated reports: the Prometheus text survives a real parser with
// awkward names, the plain form puts problems first, durations parse as documented.
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { describe, expect, test } from 'vitest';
import { parseDuration } from '../../src/rules/duration.js';
import type { HealthReport } from '../../src/domain/replication/health.js';
import type { ImageReplication } from '../../src/domain/replication/types.js';
import { healthPlain } from '../../src/render/health.js';
import { prometheusText } from '../../src/render/prometheus.js';

const image = (name: string, problems: ImageReplication['problems'], lag?: number): ImageReplication => ({
  pool: 'p', namespace: '', name, globalId: 'g', mode: 'snapshot', role: 'primary', problems,
  local: { state: 'stopped', up: true, description: 'local image is primary', lastUpdate: 100, ageSeconds: 1, present: true },
  peers: [{
    siteName: 'site "b"\\\n', mirrorUuid: 'u', replayer: 'peer', daemonUp: true, peerPrimary: false,
    status: { state: 'replaying', up: true, description: 'replaying', lastUpdate: 100, ageSeconds: 1, present: true },
    ...(lag === undefined ? {} : { lagSeconds: lag }), lastSync: { time: 90, bytes: 4096, durationSeconds: 2 },
  }],
});

const report = (images: ImageReplication[]): HealthReport => ({
  status: 'CRITICAL', counts: { OK: 1, WARNING: 0, CRITICAL: 1 },
  pools: [{ pool: 'p', namespace: '', mode: 'image', siteName: 'site-a', peers: [], daemons: [], images, problems: [], time: 100 }],
});

const lagProblem = { code: 'lag' as const, severity: 'critical' as const, site: 'b', message: 'b is 2h behind', hint: 'start it' };

describe('prometheus text', () => {
  test('parses; label values with quotes, backslashes and newlines come back intact', () => {
    const text = prometheusText(report([image('ok-1', [], 0), image('we"ird\\name', [lagProblem], 7200)]), 'site-a');
    const families = new Map(parsePrometheusTextFormat(text).map((f) => [f.name, f]));
    const lag = families.get('rbdm_mirror_image_lag_seconds')!.metrics;
    expect(lag).toEqual([
      { value: '0', labels: { cluster: 'site-a', pool: 'p', namespace: '', image: 'ok-1', peer_site: 'site "b"\\\n' } },
      { value: '7200', labels: { cluster: 'site-a', pool: 'p', namespace: '', image: 'we"ird\\name', peer_site: 'site "b"\\\n' } },
    ]);
    expect(families.get('rbdm_mirror_health')!.metrics[0]!.value).toBe('2');
    expect(families.get('rbdm_mirror_image_problem')!.metrics).toEqual([
      { value: '1', labels: { cluster: 'site-a', pool: 'p', namespace: '', image: 'we"ird\\name', code: 'lag', severity: 'critical', peer_site: 'b' } },
    ]);
    // every family once, HELP and TYPE before its samples
    const names = text.split('\n').filter((l) => l.startsWith('# TYPE ')).map((l) => l.split(' ')[2]);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('plain', () => {
  test('summary line, then images with problems first; OK images only with --verbose', () => {
    const r = report([image('ok-1', [], 0), image('bad', [lagProblem], 7200)]);
    const quiet = healthPlain(r, false).split('\n');
    expect(quiet[0]).toBe('RBD MIRROR CRITICAL - 2 images: 1 critical, 0 warning, 1 ok (p on site site-a)');
    // a control character in a name is quoted, so it cannot forge a line
    expect(quiet.slice(1, 4)).toEqual([String.raw`CRITICAL p/bad snapshot primary "site \"b\"\\\n" up+replaying lag 2h`, '  critical lag [b]: b is 2h behind', '    hint: start it']);
    expect(healthPlain(r, false)).not.toContain('ok-1');
    const verbose = healthPlain(r, true);
    expect(verbose.indexOf('p/bad')).toBeLessThan(verbose.indexOf('p/ok-1'));
    expect(verbose).toContain('last sync');
  });
});

describe('durations', () => {
  test.each([['90', 90], ['90s', 90], ['15m', 900], ['1h30m', 5400], ['2d', 172800]])('%s = %i s', (raw, seconds) => {
    expect(parseDuration(raw, 'x')).toBe(seconds);
  });
  test.each(['', '1w', '5x', '-1h', '1.5h', 'h'])('%j is refused with the option named', (raw) => {
    expect(() => parseDuration(raw, 'warn-lag', 3)).toThrow(/invalid duration for --warn-lag/);
  });
});
