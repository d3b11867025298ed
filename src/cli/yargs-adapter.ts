// The same command definitions as a yargs tree: the reference parser that
// test/unit/parsers-agree.test.ts holds the fast path to. Test-only: nothing the binaries run
// imports it (yargs costs ~130 ms to import; completion has its own engine, completion-words.ts).
import type { Argv } from 'yargs';
import { configOptionName } from '../config/options.js';
import { camelCase, type AnyCommand, type OptionDef } from './define.js';
import { GLOBAL_OPTIONS } from './shared-options.js';

export interface YargsParse {
  path: string[];
  args: Record<string, unknown>;
}

interface Node { children: Map<string, Node>; command?: AnyCommand }

function tree(commands: readonly AnyCommand[]): Node {
  const root: Node = { children: new Map() };
  for (const c of commands) {
    for (const p of [c.path, ...(c.aliases ?? [])]) {
      let n = root;
      for (const w of p) {
        if (!n.children.has(w)) n.children.set(w, { children: new Map() });
        n = n.children.get(w)!;
      }
      n.command = c;
    }
  }
  return root;
}

function addOptions(y: Argv, options: Record<string, OptionDef>): Argv {
  for (const [name, def] of Object.entries(options)) {
    y = y.option(name, {
      type: def.type,
      describe: def.describe,
      ...(def.alias ? { alias: def.alias } : {}),
      ...(def.choices ? { choices: [...def.choices] } : {}),
      ...(def.multiple ? { array: false } : {}),
      hidden: !!def.hidden,
    });
  }
  return y;
}

function register(y: Argv, node: Node, onLeaf: (c: AnyCommand, argv: Record<string, unknown>) => void): Argv {
  for (const [word, child] of node.children) {
    const leaf = child.command && child.children.size === 0 ? child.command : undefined;
    const positionals = leaf ? leaf.positionals.map((p) => (p.variadic ? ` [${p.name}..]` : ` [${p.name}]`)).join('') : '';
    y = y.command(word + positionals, leaf?.describe ?? `${word} commands`, (sub) => {
      let s = sub;
      if (leaf) {
        s = addOptions(s, leaf.options);
        for (const p of leaf.positionals) s = s.positional(p.name, { type: 'string', describe: p.describe, ...(p.variadic ? { array: true } : {}) });
        return s.strict();
      }
      return register(s, child, onLeaf).demandCommand(1);
    }, leaf ? (argv) => onLeaf(leaf, argv as Record<string, unknown>) : undefined);
  }
  return y;
}

/** Builds the yargs parser over the definitions; `onLeaf` receives the parsed leaf. */
export async function buildYargs(commands: readonly AnyCommand[], argv: string[], onLeaf: (c: AnyCommand, a: Record<string, unknown>) => void): Promise<Argv> {
  const { default: yargs } = await import('yargs');
  // Ceph config options are stripped before parsing, as the fast path does.
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!.startsWith('--') ? argv[i]!.replace(/^(--[^=]*)/, (m) => m.replace(/_/g, '-')) : argv[i]!;
    if (a === '--') { rest.push(...argv.slice(i)); break; }
    const flag = a.split('=')[0]!;
    if (a.startsWith('--') && !(flag.slice(2) in GLOBAL_OPTIONS) && configOptionName(flag)) { if (!a.includes('=')) i++; continue; }
    rest.push(a);
  }
  let y = yargs(rest).scriptName('rbd').version(false).help(false).exitProcess(false).fail((msg, err) => { throw err ?? new Error(msg); })
    .parserConfiguration({ 'camel-case-expansion': true, 'boolean-negation': false, 'dot-notation': false, 'short-option-groups': true });
  y = addOptions(y, GLOBAL_OPTIONS as Record<string, OptionDef>);
  return register(y, tree(commands), onLeaf).demandCommand(1).strict();
}

/** Parses argv with yargs; the leaf's camel-cased option and positional values. */
export async function parseWithYargs(commands: readonly AnyCommand[], argv: string[]): Promise<YargsParse> {
  let found: YargsParse | undefined;
  const y = await buildYargs(commands, argv, (c, a) => {
    const args: Record<string, unknown> = {};
    for (const [name, def] of Object.entries(c.options)) {
      const v = a[camelCase(name)];
      args[camelCase(name)] = def.type === 'boolean' ? !!v : def.multiple ? (v === undefined ? [] : [v].flat().map(String)) : v === undefined ? undefined : String(v);
    }
    for (const p of c.positionals) {
      const key = camelCase(p.name);
      const v = a[key];
      if (p.variadic) args[key] = v === undefined ? [] : [v].flat().map(String);
      else if (v !== undefined || !(key in args)) args[key] = v === undefined ? undefined : String(v);
    }
    found = { path: [...c.path], args };
  });
  await y.parseAsync();
  if (!found) throw new Error(`yargs found no command in: ${argv.join(' ')}`);
  return found;
}
