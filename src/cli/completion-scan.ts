// Reads the words before the cursor the way the parser would: which options were given (with
// their values), which words are positionals, and whether the word being completed is the value
// of an option. Forgiving where the parser is strict: a half-typed line is the normal case.
import { configOptionName } from '../config/options.js';
import type { AnyCommand, OptionDef } from './define.js';
import { indexCommands } from './parse.js';

export interface ScannedLine {
  positionals: string[];
  /** Long option names (dash spelling) with their values; booleans as 'true'. */
  options: Map<string, string>;
  /** `--<ceph-config-option> value` pairs, underscore spelling. */
  config: Record<string, string>;
  /** The option whose value the next word is (`--pool <cursor>`). */
  pending?: { name: string; def?: OptionDef };
}

export function scanWords(words: readonly string[], commands: readonly AnyCommand[]): ScannedLine {
  const { union } = indexCommands(commands);
  const byShort = new Map(Object.entries(union).filter(([, d]) => d.alias).map(([n, d]) => [d.alias!, n]));
  const line: ScannedLine = { positionals: [], options: new Map(), config: {} };
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === '--') { line.positionals.push(...words.slice(i + 1)); break; }
    let name: string | undefined;
    let value: string | undefined;
    if (w.startsWith('--')) {
      const eq = w.indexOf('=');
      name = (eq < 0 ? w.slice(2) : w.slice(2, eq)).replace(/_/g, '-');
      value = eq < 0 ? undefined : w.slice(eq + 1);
    } else if (w.startsWith('-') && w.length > 1) {
      name = byShort.get(w[1]!);
      value = w.length > 2 ? w.slice(2) : undefined;
      if (!name) continue;
    } else {
      line.positionals.push(w);
      continue;
    }
    const def = union[name];
    const config = def ? undefined : configOptionName(`--${name}`);
    if (!def && !config) continue;
    if (def?.type === 'boolean') { line.options.set(name, 'true'); continue; }
    if (value === undefined) {
      if (i + 1 === words.length) { line.pending = { name, def }; break; }
      value = words[++i]!;
    }
    if (config) line.config[config] = value;
    else line.options.set(name, value);
  }
  return line;
}
