// XML the way Ceph's XMLFormatter writes it: the root section is the outer element, arrays
// become a wrapper element holding one element per item.

export type Plain = string | number | boolean | null | undefined | Plain[] | { [k: string]: Plain };

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const escapeXml = (s: string) => s.replace(/[&<>"']/g, (c) => escapes[c]!);

/** Item element name of an array key: `peers` → `peer`, unless mapped explicitly. */
function itemName(key: string, names: Record<string, string>): string {
  return names[key] ?? (key.endsWith('s') ? key.slice(0, -1) : 'item');
}

export function toXml(root: string, value: Plain, itemNames: Record<string, string> = {}, pretty = false): string {
  const out: string[] = [];
  const nl = pretty ? '\n' : '';
  const ind = (d: number) => (pretty ? '    '.repeat(d) : '');
  const emit = (name: string, v: Plain, depth: number): void => {
    if (v === undefined) return;
    if (Array.isArray(v)) {
      out.push(`${ind(depth)}<${name}>${nl}`);
      for (const item of v) emit(itemName(name, itemNames), item, depth + 1);
      out.push(`${ind(depth)}</${name}>${nl}`);
    } else if (v !== null && typeof v === 'object') {
      out.push(`${ind(depth)}<${name}>${nl}`);
      for (const [k, child] of Object.entries(v)) emit(k, child, depth + 1);
      out.push(`${ind(depth)}</${name}>${nl}`);
    } else {
      out.push(`${ind(depth)}<${name}>${escapeXml(v === null ? '' : String(v))}</${name}>${nl}`);
    }
  };
  emit(root, value, 0);
  return out.join('');
}
