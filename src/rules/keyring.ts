// Ceph keyring files (`[client.rbd-mirror-peer]` then `key = AQ...`), as `ceph auth get -o` writes them.

/** The key `entity` has in a keyring's text, or undefined. */
export function keyringKey(text: string, entity: string): string | undefined {
  let section = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const header = /^\[(.+)\]$/.exec(line);
    if (header) { section = header[1]!.trim(); continue; }
    const kv = /^key\s*=\s*(\S+)$/.exec(line);
    if (kv && section === entity) return kv[1];
  }
  return undefined;
}
