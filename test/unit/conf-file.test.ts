import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { chooseBackend } from '../../src/backends/select.js';
import { loadClusterConfig, parseCephConf } from '../../src/config/conf-file.js';

const dir = mkdtempSync(join(tmpdir(), 'rbdm-conf-unit-'));
const file = (name: string, text: string) => { const p = join(dir, name); writeFileSync(p, text); return p; };

test('sections, comments, quoting and the three spellings of an option name', () => {
  const s = parseCephConf('# top\n[global]\n  mon host = [v2:1.2.3.4:3300]  ; the mon\n[client.a]\nrbd-default-features=61\nkeyring = "/etc/ceph/$cluster.$name.keyring"\n');
  expect(s.get('global')!.get('mon_host')).toBe('[v2:1.2.3.4:3300]');
  expect(s.get('client.a')!.get('rbd_default_features')).toBe('61');
  expect(s.get('client.a')!.get('keyring')).toBe('/etc/ceph/$cluster.$name.keyring');
});

test('the entity sees [global] < [client] < [client.<id>], with $cluster/$name expanded', () => {
  const conf = file('a.conf', '[global]\nrbd default features = 1\nrbd_default_data_pool = g\n[client]\nrbd default features = 3\n' +
    '[client.x]\nrbd default features = 125\nkeyring = /k/$cluster.$name.keyring\n');
  expect(loadClusterConfig({ cluster: 'site-a', conf, id: 'x' }, {}).values)
    .toEqual({ rbd_default_features: '125', rbd_default_data_pool: 'g', keyring: '/k/site-a.client.x.keyring' });
  expect(loadClusterConfig({ cluster: 'site-a', conf, id: 'y' }, {}).values.rbd_default_features).toBe('3');
});

test('backend choice: a local mon host or rbdm backend = local means local; any other config means ceph', () => {
  const env = { RBDM_HOME: join(dir, 'home') };
  const local = file('local.conf', '[global]\nmon host = local:/some/dir\n');
  const flagged = file('flagged.conf', '[global]\nrbdm backend = local\n');
  const real = file('real.conf', '[global]\nmon host = 10.0.0.1\n');
  expect(chooseBackend({ cluster: 'x', conf: local, configOverrides: {} }, undefined, env)).toBe('local');
  expect(chooseBackend({ cluster: 'x', conf: flagged, configOverrides: {} }, undefined, env)).toBe('local');
  expect(chooseBackend({ cluster: 'x', conf: real, configOverrides: {} }, undefined, env)).toBe('ceph');
  expect(chooseBackend({ cluster: 'x', configOverrides: {} }, undefined, { ...env, CEPH_CONF: real })).toBe('ceph');
  expect(chooseBackend({ cluster: 'no-such-cluster-anywhere', configOverrides: {} }, undefined, env)).toBe('local');
  expect(chooseBackend({ cluster: 'x', conf: real, configOverrides: {} }, 'local', env)).toBe('local');
});
