// Shell completion from the command definitions: the command words, the options (long forms,
// and `-x` for the short aliases), the choices of options and positionals, and pool, namespace,
// image and snapshot names read from the cluster only when the word being completed is one.
import type { AnyCommand, OptionDef, PositionalDef } from './define.js';
import { indexCommands } from './parse.js';
import { scanWords, type ScannedLine } from './completion-scan.js';
import { GLOBAL_OPTIONS } from './shared-options.js';

/** Names on the cluster the line points at; any of them may reject (no cluster, no pool). */
export interface ClusterNames {
  pools(): Promise<string[]>;
  namespaces(pool: string): Promise<string[]>;
  images(pool: string, namespace: string): Promise<string[]>;
  snaps(pool: string, namespace: string, image: string): Promise<string[]>;
  defaultPool(): Promise<string>;
  clusters(): Promise<string[]>;
}

type NameKind = 'pool' | 'pool-spec' | 'namespace-spec' | 'image-spec' | 'snap-spec' | 'namespace' | 'image' | 'snap' | 'cluster';

/** What a value names, by the option or positional name the definitions share (shared-options.ts). */
const VALUE_KINDS: Record<string, NameKind> = {
  pool: 'pool', 'dest-pool': 'pool', 'data-pool': 'pool', 'journal-pool': 'pool', 'pool-name': 'pool',
  'pool-spec': 'pool-spec', 'namespace-spec': 'namespace-spec',
  'image-spec': 'image-spec', 'dest-image-spec': 'image-spec',
  'image-or-snap-spec': 'snap-spec', 'source-image-or-snap-spec': 'snap-spec', 'snap-spec': 'snap-spec',
  namespace: 'namespace', 'dest-namespace': 'namespace', image: 'image', dest: 'image', snap: 'snap',
  cluster: 'cluster',
};

/** `words`: the command line as the shell split it, program name first, the word at the cursor
 *  last (empty after a space). Returns the candidates that start with that word. */
export async function completeWords(words: readonly string[], commands: readonly AnyCommand[], names: ClusterNames): Promise<string[]> {
  const current = words.at(-1) ?? '';
  const line = scanWords(words.slice(1, -1), commands);
  const help = line.positionals[0] === 'help';
  const typed = help ? line.positionals.slice(1) : line.positionals;
  const command = help ? undefined : leafAt(typed, commands);
  const offer = (list: readonly string[], prefix = current) => [...new Set(list)].filter((w) => w.startsWith(prefix));

  if (line.pending) return offer(await valuesOf(line.pending.name, line.pending.def, current, line, names));
  if (current.startsWith('--') && current.includes('=')) {
    const name = current.slice(2, current.indexOf('='));
    const value = current.slice(current.indexOf('=') + 1);
    const def = indexCommands(commands).union[name];
    return offer((await valuesOf(name, def, value, line, names)).map((v) => `--${name}=${v}`));
  }
  if (current.startsWith('-')) return offer(optionWords(command, !current.startsWith('--')));
  if (!command) return offer(nextCommandWords(typed, commands, help));
  const positional = positionalAt(command, typed.length - command.path.length, line);
  if (!positional) return [];
  if (positional.choices) return offer(positional.choices);
  const kind = VALUE_KINDS[positional.name];
  return kind ? offer(await namesOf(kind, current, line, names)) : [];
}

/** The leaf command the leading words name (paths and aliases), if they name one. */
function leafAt(typed: readonly string[], commands: readonly AnyCommand[]): (AnyCommand & { path: readonly string[] }) | undefined {
  for (let n = typed.length; n > 0; n--) {
    const key = typed.slice(0, n).join(' ');
    for (const c of commands) {
      const path = [c.path, ...(c.aliases ?? [])].find((p) => p.join(' ') === key);
      if (path) return { ...c, path };
    }
  }
  return undefined;
}

function nextCommandWords(typed: readonly string[], commands: readonly AnyCommand[], help: boolean): string[] {
  const out = typed.length === 0 && !help ? ['help'] : [];
  for (const c of commands) {
    for (const p of [c.path, ...(c.aliases ?? [])]) {
      if (p.length > typed.length && typed.every((w, i) => p[i] === w)) out.push(p[typed.length]!);
    }
  }
  return out;
}

function optionWords(command: AnyCommand | undefined, withShort: boolean): string[] {
  const globals: Record<string, OptionDef> = { ...GLOBAL_OPTIONS, version: { type: 'boolean', describe: 'version' } };
  const out: string[] = [];
  for (const [name, def] of Object.entries({ ...command?.options, ...globals })) {
    if (def.hidden) continue;
    if (withShort && def.alias) out.push(`-${def.alias}`);
    out.push(`--${name}`);
  }
  return out;
}

/** The positional the next word fills; specs already given as options (`--pool`, `--image`) are
 *  skipped, as the actions skip them (`mirror pool enable --pool p image`). */
function positionalAt(command: AnyCommand, index: number, line: ScannedLine): PositionalDef | undefined {
  const open = command.positionals.filter((p) =>
    !((p.name === 'pool-spec' || p.name === 'pool-name') && line.options.has('pool'))
    && !(VALUE_KINDS[p.name] === 'image-spec' && line.options.has('image')));
  const last = open.at(-1);
  return open[index] ?? (last?.variadic ? last : undefined);
}

async function valuesOf(name: string, def: OptionDef | undefined, current: string, line: ScannedLine, names: ClusterNames): Promise<string[]> {
  if (def?.choices) return [...def.choices];
  const kind = VALUE_KINDS[name];
  return kind ? namesOf(kind, current, line, names) : [];
}

/** Names of one kind; specs are completed part by part (`pool/`, `pool/image`, `image@snap`). */
async function namesOf(kind: NameKind, current: string, line: ScannedLine, names: ClusterNames): Promise<string[]> {
  const quiet = async (list: () => Promise<string[]>) => list().catch(() => [] as string[]);
  const poolOf = async (option: string) => line.options.get(option) ?? await names.defaultPool().catch(() => 'rbd');
  switch (kind) {
    case 'cluster': return quiet(() => names.clusters());
    case 'pool': return quiet(() => names.pools());
    case 'namespace': {
      const pool = await poolOf(line.options.has('dest-pool') && !line.options.has('pool') ? 'dest-pool' : 'pool');
      return quiet(() => names.namespaces(pool));
    }
    case 'image': {
      const dest = line.options.has('dest-pool');
      const pool = await poolOf(dest ? 'dest-pool' : 'pool');
      return quiet(() => names.images(pool, line.options.get(dest ? 'dest-namespace' : 'namespace') ?? ''));
    }
    case 'snap': {
      const image = line.options.get('image');
      if (!image) return [];
      return quiet(async () => names.snaps(await poolOf('pool'), line.options.get('namespace') ?? '', image));
    }
    case 'pool-spec':
    case 'namespace-spec': {
      if (!current.includes('/')) return quiet(async () => (await names.pools()).map((p) => (kind === 'namespace-spec' ? `${p}/` : p)));
      const pool = current.slice(0, current.indexOf('/'));
      return quiet(async () => (await names.namespaces(pool)).map((ns) => `${pool}/${ns}`));
    }
    case 'image-spec':
    case 'snap-spec': {
      const at = current.indexOf('@');
      if (at >= 0 && kind === 'snap-spec') {
        const spec = current.slice(0, at);
        const parts = spec.split('/');
        const image = parts.pop()!;
        const pool = parts[0] ?? await poolOf('pool');
        return quiet(async () => (await names.snaps(pool, parts[1] ?? '', image)).map((s) => `${spec}@${s}`));
      }
      const parts = current.split('/');
      if (parts.length === 1) {
        const pools = await quiet(async () => (await names.pools()).map((p) => `${p}/`));
        const pool = line.options.get('pool');
        const images = await quiet(async () => names.images(pool ?? await poolOf('pool'), line.options.get('namespace') ?? ''));
        return pool ? images : [...pools, ...images];
      }
      const [pool, namespace] = parts;
      if (parts.length === 2) {
        const nss = await quiet(async () => (await names.namespaces(pool!)).map((ns) => `${pool}/${ns}/`));
        const images = await quiet(async () => (await names.images(pool!, '')).map((i) => `${pool}/${i}`));
        return [...nss, ...images];
      }
      return quiet(async () => (await names.images(pool!, namespace!)).map((i) => `${pool}/${namespace}/${i}`));
    }
  }
}
