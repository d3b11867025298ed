// Help text in rbd's layout (`rbd help <command>`, `--help`, and the global usage), generated
// from the command definitions.
import type { AnyCommand, OptionDef } from './define.js';
import { GLOBAL_OPTIONS } from './shared-options.js';

const WIDTH = 80;

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(' ')) {
      if (line && line.length + 1 + word.length > width) { lines.push(line); line = word; }
      else line = line ? `${line} ${word}` : word;
    }
    lines.push(line);
  }
  return lines;
}

function optionLabel(name: string, def: OptionDef): string {
  const long = def.alias ? `-${def.alias} [ --${name} ]` : `--${name}`;
  return def.type === 'string' ? `${long} arg` : long;
}

function twoColumns(rows: [string, string][], minCol = 21): string[] {
  const col = Math.max(minCol, ...rows.map(([l]) => l.length + 2)) + 2;
  const out: string[] = [];
  for (const [left, right] of rows) {
    const desc = wrap(right, Math.max(20, WIDTH - col));
    const pad = `  ${left}`;
    if (pad.length >= col) { out.push(pad); out.push(...desc.map((d) => ' '.repeat(col) + d)); continue; }
    out.push(pad.padEnd(col) + desc[0]);
    out.push(...desc.slice(1).map((d) => ' '.repeat(col) + d));
  }
  return out;
}

export function commandHelp(c: AnyCommand): string {
  const head = `usage: rbd ${c.path.join(' ')} `;
  const optionTokens: string[] = [];
  for (const [name, def] of Object.entries(c.options)) {
    if (def.hidden) continue;
    optionTokens.push(def.type === 'string' ? `[--${name} <${name}>]` : `[--${name}]`);
  }
  const positionalTokens = c.positionals.map((p) => (p.variadic ? `<${p.name}> [<${p.name}> ...]` : p.optional ? `[<${p.name}>]` : `<${p.name}>`));
  // boost's layout: options wrapped under the command, positionals starting a line of their own
  const usage: string[] = [];
  let line = head;
  const flush = () => { if (line.trim()) usage.push(line); line = ' '.repeat(head.length); };
  for (const group of [optionTokens, positionalTokens]) {
    for (const t of group) {
      if (line.length + t.length + 1 > WIDTH && line.trim() !== head.trim() && line.trim() !== '') flush();
      line += `${t} `;
    }
    if (group.length) flush();
  }
  if (usage.length === 0) usage.push(head);

  const out = [...usage, '', ...wrap(c.details ?? c.describe, WIDTH)];
  if (c.positionals.length) {
    out.push('', 'Positional arguments', ...twoColumns(c.positionals.map((p) => [`<${p.name}>`, p.describe])));
  }
  const opts = Object.entries(c.options).filter(([, d]) => !d.hidden);
  if (opts.length) out.push('', 'Optional arguments', ...twoColumns(opts.map(([n, d]) => [optionLabel(n, d), d.describe])));
  return out.join('\n') + '\n\n';
}

export function globalUsage(commands: readonly AnyCommand[]): string {
  const rows: [string, string][] = [...commands]
    .sort((a, b) => a.path.join(' ').localeCompare(b.path.join(' ')))
    .map((c) => {
      const alias = c.aliases?.[0];
      const name = alias ? `${c.path.join(' ')} (... ${alias[alias.length - 1]})` : c.path.join(' ');
      return [name, c.describe];
    });
  const col = 38;
  const lines: string[] = [];
  for (const [name, desc] of rows) {
    const d = wrap(desc, WIDTH - col);
    if (name.length + 4 >= col) { lines.push(`    ${name}`); lines.push(...d.map((x) => ' '.repeat(col) + x)); continue; }
    lines.push(`    ${name}`.padEnd(col) + d[0]);
    lines.push(...d.slice(1).map((x) => ' '.repeat(col) + x));
  }
  const globals = Object.entries(GLOBAL_OPTIONS as Record<string, OptionDef>).filter(([n, d]) => !d.hidden && n !== 'help');
  return [
    'usage: rbd <command> ...', '', 'Command-line interface for managing Ceph RBD images.', '',
    'Positional arguments:', '  <command>', ...lines, '',
    'Optional arguments:', ...twoColumns(globals.map(([n, d]) => [optionLabel(n, d), d.describe]), 34), '',
    "See 'rbd help <command>' for help on a specific command.", '',
  ].join('\n');
}

/** `rbd help <words>`: the command's help, or undefined when the words name no command. */
export function findHelp(words: string[], commands: readonly AnyCommand[]): string | undefined {
  const key = words.join(' ');
  const c = commands.find((x) => [x.path, ...(x.aliases ?? [])].some((p) => p.join(' ') === key));
  return c ? commandHelp(c) : undefined;
}
