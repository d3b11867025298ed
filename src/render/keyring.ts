// cephx users as the monitor prints them: keyring files (`auth get`), `auth ls`, and their JSON.
import type { AuthEntry } from '../backends/types.js';
import type { CephRendering } from './ceph-output.js';

const capsOf = (e: AuthEntry) => Object.entries(e.caps).sort(([a], [b]) => a.localeCompare(b));

/** `[client.x]\n\tkey = ...\n\tcaps mon = "..."` — what `auth get` writes and `-o` saves. */
export function keyringText(e: AuthEntry, withCaps = true): string {
  const caps = withCaps ? capsOf(e).map(([svc, cap]) => `\tcaps ${svc} = "${cap}"\n`).join('') : '';
  return `[${e.entity}]\n\tkey = ${e.key}\n${caps}`;
}

const authJson = (e: AuthEntry) => ({ entity: e.entity, key: e.key, caps: Object.fromEntries(capsOf(e)) });

export const keyringRendering: CephRendering<AuthEntry> = { json: (e) => [authJson(e)], plain: (e) => keyringText(e) };
/** `auth get-or-create` prints the key alone in its keyring (caps only in JSON), as the mon does. */
export const createdKeyringRendering: CephRendering<AuthEntry> = { json: (e) => [authJson(e)], plain: (e) => keyringText(e, false) };
/** `auth get-key`: the bare key, no newline. */
export const keyRendering: CephRendering<string> = { json: (key) => ({ key }), plain: (key) => key };

export const authListRendering: CephRendering<AuthEntry[]> = {
  json: (list) => ({ auth_dump: list.map(authJson) }),
  plain: (list) => list.map((e) => `${e.entity}\n\tkey: ${e.key}\n${capsOf(e).map(([s, c]) => `\tcaps: [${s}] ${c}\n`).join('')}`).join(''),
};
