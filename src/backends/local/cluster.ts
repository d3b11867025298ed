import type { ClusterApi } from '../backend.js';
import type { LocalCore } from './core.js';

export function clusterApi(core: LocalCore): ClusterApi {
  return {
    kind: 'local',
    clusterName: core.opts.cluster,
    get entityName() { return core.entityName; },
    identity: async () => core.store.identity(),
    getConfig: async (name) => core.config(name),
    setConfig: async (name, value) => {
      const { store } = core;
      store.tx(() => {
        if (value === undefined) store.db.prepare('DELETE FROM config WHERE name = ?').run(name);
        else store.db.prepare('INSERT INTO config (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value').run(name, value);
      });
    },
    listConfig: async () => Object.fromEntries(
      (core.store.db.prepare('SELECT name, value FROM config ORDER BY name').all() as { name: string; value: string }[])
        .map((r) => [r.name, r.value])),
    close: async () => core.close(),
  };
}
