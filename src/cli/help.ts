// Help text in rbd's layout (`rbd help <command>`, `--help`, and the global usage), generated
// from the command definitions.
import type { AnyCommand, OptionDef } from './define.js';
import { BACKEND_RULE } from './backend-notice.js';
import { GLOBAL_OPTIONS } from './shared-options.js';

const WIDTH = 80;
/** rbd 16.2's OptionPrinter::MAX_DESCRIPTION_OFFSET. */
const MAX_OFFSET = 37;
const MIN_NAME_WIDTH = 20;

/** rbd's IndentStream (tools/rbd/IndentStream.cc): text written from column `offset`, wrapped
 *  before column 80 at the last delimiter, continuation lines indented to `indent`. Ported
 *  character for character because the help layout is compared byte for byte. */
class IndentStream {
  out = '';
  private buffer = '';
  delimiter = ' ';
  constructor(private readonly indent: number, private offset: number) {}

  private flushLine(): void {
    if (this.offset >= this.indent) { this.offset = 0; this.out += '\n'; }
    this.out += ' '.repeat(this.indent - this.offset);
    this.offset = 0;
  }

  write(text: string): this {
    for (let c of text) {
      if (c === '\n') { this.buffer += c; this.flushLine(); this.out += this.buffer; this.buffer = ''; continue; }
      if (c === '\t') c = ' ';
      if (this.indent + this.buffer.length >= WIDTH) {
        const spaceDelim = this.delimiter === ' ';
        let at = this.buffer.lastIndexOf(this.delimiter);
        if (at < 0 && !spaceDelim) at = this.buffer.lastIndexOf(' ');
        this.flushLine();
        if (at >= 0) { this.out += this.buffer.slice(0, at); this.buffer = this.buffer.slice(at + (spaceDelim ? 1 : 0)); }
        else { this.out += this.buffer; this.buffer = ''; }
        this.out += '\n';
      }
      this.buffer += c;
    }
    return this;
  }
}

/** `<left>` then `text` from column `column`, as OptionPrinter prints one argument row. */
function row(left: string, text: string, column: number): string {
  return left + new IndentStream(column, left.length).write(`${text}\n`).out;
}

const optionName = (name: string, def: OptionDef): string => (def.alias ? `-${def.alias} [ --${name} ]` : `--${name}`);
const optionParameter = (def: OptionDef): string => (def.type === 'string' ? 'arg' : '');

function optionLabel(name: string, def: OptionDef): string {
  const long = optionName(name, def);
  return def.type === 'string' ? `${long} arg` : long;
}

/** The help of one command; `typed` is the command as the user spelled it (an alias shows as such). */
export function commandHelp(c: AnyCommand, typed: readonly string[] = c.path): string {
  const head = `usage: rbd ${typed.join(' ')}`;
  const options = Object.entries(c.options).filter(([, d]) => !d.hidden && !d.rbdm);
  const additions = Object.entries(c.options).filter(([, d]) => !d.hidden && d.rbdm);
  const optionTokens = options.map(([name, def]) => (def.type === 'string' ? `[--${name} <${name}>]` : `[--${name}]`));
  const positionalTokens: string[] = [];
  for (const p of c.positionals) {
    const t = `<${p.name}>${p.variadic ? ` [<${p.name}> ...]` : ''}`;
    positionalTokens.push(p.optional ? `[${t}]` : t);
    if (p.variadic) break;
  }
  // OptionPrinter::print_short
  const widest = Math.max(0, ...optionTokens.map((t) => t.length), ...positionalTokens.map((t) => t.length));
  let indent = Math.min(head.length, MAX_OFFSET) + 1;
  if (indent + widest + 2 > WIDTH) indent = WIDTH - widest - 2;
  const usage = new IndentStream(indent, head.length);
  usage.delimiter = '[';
  for (const t of optionTokens) usage.write(`${t} `);
  if (optionTokens.length || !positionalTokens.length) usage.write('\n');
  if (positionalTokens.length) {
    usage.delimiter = ' ';
    for (const t of positionalTokens) usage.write(`${t} `);
    usage.write('\n');
  }

  // OptionPrinter::print_detailed
  const nameWidths = [
    ...c.positionals.map((p) => `--${p.name}`.length + 1),
    ...options.map(([n, d]) => optionName(n, d).length + optionParameter(d).length + 1),
  ];
  const additionsColumn = Math.min(Math.max(MIN_NAME_WIDTH, ...additions.map(([n, d]) => optionName(n, d).length + optionParameter(d).length + 1)) + 2, MAX_OFFSET) + 1;
  const column = Math.min(Math.max(MIN_NAME_WIDTH, ...nameWidths) + 2, MAX_OFFSET) + 1;
  let out = `${head}${usage.out}\n${c.details ?? c.describe}\n\n`;
  if (c.positionals.length) {
    out += 'Positional arguments\n';
    for (const p of c.positionals) out += row(`  <${p.name}>`, p.describe, column);
    out += '\n';
  }
  if (options.length) {
    out += 'Optional arguments\n';
    for (const [n, d] of options) out += row(`  ${optionName(n, d)} ${optionParameter(d)}`, d.describe, column);
    out += '\n';
  }
  if (additions.length) {
    out += 'rbdm additions (not in Ceph\'s rbd)\n';
    for (const [n, d] of additions) out += row(`  ${optionName(n, d)} ${optionParameter(d)}`, d.describe, additionsColumn);
    out += '\n';
  }
  return out;
}

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) { out.push(line); line = word; } else line = line ? `${line} ${word}` : word;
  }
  return line ? [...out, line] : out;
}

export function globalUsage(commands: readonly AnyCommand[]): string {
  const rows: [string, string][] = [...commands]
    .sort((a, b) => a.path.join(' ').localeCompare(b.path.join(' ')))
    .map((c) => {
      const alias = c.aliases?.[0];
      const name = alias ? `${c.path.join(' ')} (... ${alias[alias.length - 1]})` : c.path.join(' ');
      return [name, c.describe];
    });
  const col = MAX_OFFSET + 1;
  const lines = rows.map(([name, desc]) => row(`    ${name}`, desc, col).replace(/\n$/, ''));
  // rbd's own global options first, in its order and spelling; ours (--backend, ...) after them
  const options = GLOBAL_OPTIONS as Record<string, OptionDef>;
  const rbdOrder = ['conf', 'cluster', 'id', 'name', 'mon-host', 'keyfile', 'keyring'];
  const rbdWording: Record<string, [string, string]> = { cluster: ['--cluster', 'cluster name'], 'mon-host': ['-m [ --mon_host ]', 'monitor host'] };
  const globals: [string, string][] = [
    ...rbdOrder.map((n): [string, string] => {
      const [label, describe] = rbdWording[n] ?? [optionName(n, options[n]!), options[n]!.describe];
      return [`${label} arg`, describe];
    }),
    ...Object.entries(options).filter(([n, d]) => !d.hidden && n !== 'help' && !rbdOrder.includes(n))
      .map(([n, d]): [string, string] => [optionLabel(n, d), d.describe]),
  ];
  return [
    'usage: rbd <command> ...', '', 'Command-line interface for managing Ceph RBD images.', '',
    'Positional arguments:', '  <command>', ...lines, '',
    'Optional arguments:', ...globals.map(([label, describe]) => row(`  ${label}`, describe, col).replace(/\n$/, '')), '',
    "See 'rbd help <command>' for help on a specific command.", '',
    ...wrap(BACKEND_RULE, 80), '',
  ].join('\n');
}

/** `rbd help <words>`: the command's help, or undefined when the words name no command. */
export function findHelp(words: string[], commands: readonly AnyCommand[]): string | undefined {
  const key = words.join(' ');
  const c = commands.find((x) => [x.path, ...(x.aliases ?? [])].some((p) => p.join(' ') === key));
  return c ? commandHelp(c, words) : undefined;
}
