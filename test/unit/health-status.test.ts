import { describe, expect, test } from 'vitest';
import type { MirrorDaemon, PeerSite, SiteStatus } from '../../src/backends/types.js';
import { countStates, daemonHealth, expectedSites, imageHealth, maxHealth, summaryState } from '../../src/domain/status-health.js';

const site = (mirrorUuid: string, state: SiteStatus['state'], up = true): SiteStatus =>
  ({ mirrorUuid, state, description: state, lastUpdate: 1, up });
const peer = (direction: PeerSite['direction'], mirrorUuid: string): PeerSite =>
  ({ uuid: `p-${mirrorUuid}`, direction, siteName: `site-${mirrorUuid}`, mirrorUuid, clientName: '' });
const daemon = (serviceId: string, pools: MirrorDaemon['pools']): MirrorDaemon =>
  ({ serviceId, instanceId: `i${serviceId}`, clientId: 'mirror', hostname: 'h', version: '16.2.15', pools });

describe('expected site statuses (populate_unknown_mirror_image_site_statuses)', () => {
  test('no peers: only the local site, synthesized when missing', () => {
    expect(expectedSites([], [])).toEqual([{ mirrorUuid: '', state: 'unknown', description: 'status not found', lastUpdate: 0, up: false }]);
  });
  test('rx peers with a known uuid are expected; unknown uuids and tx-only peers are not', () => {
    const got = expectedSites([site('b', 'replaying'), site('zzz', 'error')], [peer('rx-tx', 'b'), peer('rx-only', ''), peer('tx-only', 'c')]);
    expect(got.map((s) => [s.mirrorUuid, s.state])).toEqual([['b', 'replaying'], ['', 'unknown']]);
  });
  test('all peers tx-only: no local site at all', () => {
    expect(expectedSites([site('', 'stopped')], [peer('tx-only', 'b')])).toEqual([]);
  });
});

describe('the state an image counts as', () => {
  test('the local state; a down record counts as unknown', () => {
    expect(summaryState([site('', 'replaying')])).toBe('replaying');
    expect(summaryState([site('', 'replaying', false)])).toBe('unknown');
  });
  test('a primary (stopped) local copy counts its worst peer', () => {
    expect(summaryState([site('', 'stopped'), site('b', 'replaying')])).toBe('replaying');
    expect(summaryState([site('', 'stopped'), site('b', 'replaying'), site('c', 'error')])).toBe('error');
    // a copy just re-created by resync has no record of its own yet: its peer's state counts
    const notFound: SiteStatus = { mirrorUuid: '', state: 'unknown', description: 'status not found', lastUpdate: 0, up: false };
    expect(summaryState([notFound, site('b', 'stopped')])).toBe('stopped');
    expect(summaryState([notFound])).toBe('unknown');
    expect(summaryState([site('', 'stopped'), site('b', 'stopped')])).toBe('stopped');
    expect(summaryState([site('', 'stopped')])).toBe('stopped');
  });
  test('no local site: the peers decide, none at all is unknown', () => {
    expect(summaryState([site('b', 'syncing')])).toBe('syncing');
    expect(summaryState([])).toBe('unknown');
  });
});

describe('health', () => {
  test('image health from the counted states, in numeric state order', () => {
    const counts = countStates(['replaying', 'unknown', 'stopped', 'replaying']);
    expect(counts).toEqual([['unknown', 1], ['replaying', 2], ['stopped', 1]]);
    expect(imageHealth(counts)).toBe('WARNING');
    expect(imageHealth(countStates(['replaying', 'stopped']))).toBe('OK');
    expect(imageHealth(countStates([]))).toBe('OK');
    expect(imageHealth(countStates(['syncing', 'error']))).toBe('ERROR');
  });
  test('no daemon is UNKNOWN; none reporting the pool ERROR; no leader WARNING; callouts count', () => {
    expect(daemonHealth([], 1).health).toBe('UNKNOWN');
    const notReporting = daemonHealth([daemon('4100', { 2: { leader: true, callouts: [] } })], 1);
    expect(notReporting.health).toBe('ERROR');
    expect(notReporting.daemons[0]).toMatchObject({ instanceId: '', leader: false, health: 'WARNING', callouts: ['not reporting status for pool'] });
    expect(daemonHealth([daemon('4100', { 1: { leader: false, callouts: [] } })], 1).health).toBe('WARNING');
    expect(daemonHealth([daemon('4100', { 1: { leader: true, callouts: [] } })], 1).health).toBe('OK');
    const callouts = daemonHealth([daemon('4100', { 1: { leader: true, callouts: [{ level: 'error', text: 'unable to connect to remote cluster' }] } })], 1);
    expect(callouts.health).toBe('ERROR');
    expect(callouts.daemons[0]!.callouts).toEqual(['unable to connect to remote cluster']);
  });
  test('daemons sorted by service id as text; health is the max', () => {
    expect(daemonHealth([daemon('999', {}), daemon('1000', {})], 1).daemons.map((d) => d.serviceId)).toEqual(['1000', '999']);
    expect(maxHealth('OK', 'UNKNOWN')).toBe('UNKNOWN');
    expect(maxHealth('WARNING', 'UNKNOWN', 'OK')).toBe('WARNING');
    expect(maxHealth()).toBe('OK');
  });
});
