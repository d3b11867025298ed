// `ceph config ...`, `ceph osd pool ls`, `ceph fsid` and `ceph -s` in the monitor's shapes.
import type { ConfigEntry } from '../backends/types.js';
import { shownConfigValue } from '../rules/config-values.js';
import type { CephStatus } from '../domain/ceph-status.js';
import type { CephRendering } from './ceph-output.js';
import { textTable } from './table.js';

/** The WHO column indents a section by its depth: global, `  client`, `    client.x`. */
const who = (section: string) => (section === 'global' ? '' : section === 'client' ? '  ' : '    ') + section;

function configTable(entries: readonly ConfigEntry[], indent: boolean): string {
  const columns = ['WHO', 'MASK', 'LEVEL', 'OPTION', 'VALUE', 'RO'].map((header) => ({ header }));
  return textTable(columns, entries.map((e) => [indent ? who(e.section) : e.section, '', 'advanced', e.name, shownConfigValue(e.name, e.value), '']));
}

export const configDumpRendering: CephRendering<ConfigEntry[]> = {
  json: (list) => list.map((e) => ({
    section: e.section, name: e.name, value: shownConfigValue(e.name, e.value), level: 'advanced', can_update_at_runtime: true, mask: '',
  })),
  plain: (list) => configTable(list, true),
};

export const configGetRendering: CephRendering<{ value: string } | { entries: ConfigEntry[] }> = {
  json: (r) => ('value' in r ? r.value : Object.fromEntries(r.entries.map((e) => [e.name, {
    value: shownConfigValue(e.name, e.value), section: e.section, mask: {}, can_update_at_runtime: true,
  }]))),
  plain: (r) => ('value' in r ? `${r.value}\n` : configTable(r.entries, false)),
};

export const poolListRendering: CephRendering<string[]> = { json: (pools) => pools, plain: (pools) => pools.map((p) => `${p}\n`).join('') };

export const fsidRendering: CephRendering<string> = { json: (fsid) => ({ fsid }), plain: (fsid) => `${fsid}\n` };

export const statusRendering: CephRendering<CephStatus> = {
  json: (s) => ({
    fsid: s.fsid,
    health: { status: s.health, checks: {}, mutes: [] },
    pgmap: { num_pools: s.pools },
    servicemap: {
      services: {
        'rbd-mirror': {
          daemons: Object.fromEntries(s.mirrorDaemons.map((d) => [d.serviceId, {
            metadata: { id: d.clientId, hostname: d.hostname, instance_id: d.instanceId, ceph_version: d.version },
          }])),
        },
      },
    },
  }),
  plain: (s) => {
    const width = Math.max(0, ...s.services.map((x) => x.name.length)) + 2;
    const services = s.services.map((x) => `    ${`${x.name}:`.padEnd(width)}${x.summary}\n`).join('');
    return `  cluster:\n    id:     ${s.fsid}\n    health: ${s.health}\n \n` +
      (services ? `  services:\n${services} \n` : '') +
      `  data:\n    pools:   ${s.pools} pools\n \n`;
  },
};
