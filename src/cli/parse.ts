// The fast parser: node:util parseArgs driven by the command definitions. It finds the command
// from the leading positional words (as rbd's Shell does), then checks options and arguments
// with rbd's boost-style messages. yargs (yargs-adapter.ts) parses the same definitions and a
// test holds the two to the same answers.
import { parseArgs } from 'node:util';
import { configOptionName } from '../config/options.js';
import { UsageError } from '../errors.js';
import { camelCase, type AnyCommand, type OptionDef } from './define.js';
import { GLOBAL_OPTIONS } from './shared-options.js';

export interface ParsedCommand {
  command: AnyCommand;
  /** Camel-cased option and positional values of the command. */
  args: Record<string, string | boolean | string[] | undefined>;
  /** Global options (cluster selection, --no-color, ...), camel-cased. */
  globals: Record<string, string | boolean | undefined>;
  /** `--<ceph-config-option> value` pairs, underscore spelling. */
  config: Record<string, string>;
}

export type ParseResult =
  | { kind: 'command'; parsed: ParsedCommand }
  | { kind: 'help'; words: string[]; globals: Record<string, string | boolean | undefined> }
  | { kind: 'version' };

type TokenOptions = Record<string, { type: 'string' | 'boolean'; short?: string }>;

interface CommandIndex {
  byPath: Map<string, AnyCommand>;
  /** Union of every option across commands, for tokenising before the command is known. */
  union: Record<string, OptionDef>;
  /** What parseArgs needs of the union to tokenise: the options that take a value, and those
   *  with a short alias. A long boolean gives the same token known or not (strict: false), and
   *  leaving the others out spares every call the validation of ~100 option specs. */
  tokenOptions: TokenOptions;
}

const indexCache = new WeakMap<readonly AnyCommand[], CommandIndex>();

export function indexCommands(commands: readonly AnyCommand[]): CommandIndex {
  let idx = indexCache.get(commands);
  if (idx) return idx;
  const byPath = new Map<string, AnyCommand>();
  const union: Record<string, OptionDef> = { ...GLOBAL_OPTIONS, version: { type: 'boolean', describe: 'version' } };
  for (const c of commands) {
    for (const p of [c.path, ...(c.aliases ?? [])]) byPath.set(p.join(' '), c);
    for (const [name, def] of Object.entries(c.options)) {
      const prev = union[name];
      if (prev && prev.type !== def.type) throw new Error(`option --${name} has two types`);
      // keep a short alias or `multiple` that another command declared for the same option
      union[name] = prev ? { ...def, ...(prev.alias ? { alias: prev.alias } : {}), ...(prev.multiple ? { multiple: true } : {}) } : def;
    }
  }
  const tokenOptions: TokenOptions = {};
  for (const name in union) {
    const def = union[name]!;
    if (def.type === 'string') tokenOptions[name] = def.alias ? { type: 'string', short: def.alias } : { type: 'string' };
    else if (def.alias) tokenOptions[name] = { type: 'boolean', short: def.alias };
  }
  idx = { byPath, union, tokenOptions };
  indexCache.set(commands, idx);
  return idx;
}

/** `--mon_host` and `--mon-host` are the same option, as Ceph's config parser has it. */
function normaliseArg(a: string): string {
  if (!a.startsWith('--') || a === '--') return a;
  const eq = a.indexOf('=');
  const name = eq < 0 ? a : a.slice(0, eq);
  return name.replace(/_/g, '-') + (eq < 0 ? '' : a.slice(eq));
}

export function parseCommandLine(argv: readonly string[], commands: readonly AnyCommand[]): ParseResult {
  const { byPath, union, tokenOptions } = indexCommands(commands);
  const normalised = argv.map(normaliseArg);

  // Ceph config options (`--rbd-mirroring-max-mirroring-snapshots 10`) are stripped first.
  const config: Record<string, string> = {};
  const rest: string[] = [];
  for (let i = 0; i < normalised.length; i++) {
    const a = normalised[i]!;
    if (a === '--') { rest.push(...normalised.slice(i)); break; }
    const eq = a.indexOf('=');
    const flag = eq < 0 ? a : a.slice(0, eq);
    const cfg = a.startsWith('--') && !(flag.slice(2) in union) ? configOptionName(flag) : undefined;
    if (!cfg) { rest.push(a); continue; }
    const value = eq < 0 ? normalised[++i] : a.slice(eq + 1);
    if (value === undefined) throw new UsageError(`rbd: the required argument for option '${flag}' is missing`);
    config[cfg] = value;
  }

  let tokens;
  try {
    ({ tokens } = parseArgs({ args: rest, options: tokenOptions, strict: false, allowPositionals: true, tokens: true }));
  } catch (e) {
    throw new UsageError(`rbd: ${(e as Error).message}`);
  }

  // `-1h` is not `-1` and `-h`: a short option group with a letter rbd does not know is one
  // unrecognised option, as boost reports it (and must not turn into a help request)
  for (const t of tokens) {
    if (t.kind === 'option' && !(t.name in union) && /^-[^-]/.test(t.rawName)) {
      throw new UsageError(`rbd: unrecognised option '${rest[t.index]}'`);
    }
  }

  const positionals: string[] = [];
  const seen: { name: string; raw: string; value: string | undefined; def: OptionDef | undefined }[] = [];
  for (const t of tokens) {
    if (t.kind === 'positional') positionals.push(t.value);
    else if (t.kind === 'option') seen.push({ name: t.name, raw: t.rawName, value: t.value, def: union[t.name] });
  }

  const globals: Record<string, string | boolean | undefined> = {};
  for (const o of seen) if (o.name in GLOBAL_OPTIONS) globals[camelCase(o.name)] = o.value ?? true;
  if (globals.noColor) globals.color = false;

  if (seen.some((o) => o.name === 'version')) return { kind: 'version' };
  if (positionals[0] === 'help') return { kind: 'help', words: positionals.slice(1), globals };

  // Longest run of leading positionals that names a command.
  let command: AnyCommand | undefined;
  let used = 0;
  for (let n = Math.min(positionals.length, 6); n > 0; n--) {
    const c = byPath.get(positionals.slice(0, n).join(' '));
    if (c) { command = c; used = n; break; }
  }
  // the command as typed: an alias's help shows the alias, as rbd's does
  if (seen.some((o) => o.name === 'help')) return { kind: 'help', words: command ? positionals.slice(0, used) : positionals, globals };
  if (!command) {
    throw unknownCommand(positionals);
  }

  const args: Record<string, string | boolean | string[] | undefined> = {};
  for (const [name, def] of Object.entries(command.options)) {
    args[camelCase(name)] = def.type === 'boolean' ? false : def.multiple ? [] : undefined;
  }
  for (const o of seen) {
    if (o.name in GLOBAL_OPTIONS) {
      if (union[o.name]!.type === 'string' && o.value === undefined) {
        throw new UsageError(`rbd: the required argument for option '--${o.name}' is missing`);
      }
      checkChoice(o.name, union[o.name]!, o.value);
      continue;
    }
    const def = command.options[o.name];
    if (!def) throw new UsageError(`rbd: unrecognised option '${o.raw}'`);
    if (def.type === 'boolean') {
      if (o.value !== undefined) throw new UsageError(`rbd: option '--${o.name}' does not take any arguments`);
      args[camelCase(o.name)] = true;
      continue;
    }
    if (o.value === undefined) throw new UsageError(`rbd: the required argument for option '--${o.name}' is missing`);
    checkChoice(o.name, def, o.value);
    const key = camelCase(o.name);
    if (def.multiple) (args[key] as string[]).push(o.value);
    else args[key] = o.value;
  }

  const rest2 = positionals.slice(used);
  const variadic = command.positionals.at(-1)?.variadic;
  if (!variadic && rest2.length > command.positionals.length) throw new UsageError('rbd: too many arguments');
  // A positional and an option may share a name (`<token-path>` / `--token-path`): one value.
  command.positionals.forEach((p, i) => {
    const key = camelCase(p.name);
    if (p.variadic) args[key] = rest2.slice(i);
    else if (rest2[i] !== undefined || !(key in args)) args[key] = rest2[i];
  });

  return { kind: 'command', parsed: { command, args, globals, config } };
}

function checkChoice(name: string, def: OptionDef, value: string | undefined): void {
  if (def.choices && value !== undefined && !def.choices.includes(value)) {
    throw new UsageError(`rbd: the argument for option '--${name}' is invalid`);
  }
}

/** The command words name no command: real rbd prints `error: unknown option '<words>'` and an
 *  empty line; rbdm keeps to one `rbd: ` line (with the global usage on stdout as rbd has it). */
export function unknownCommand(words: readonly string[]): UsageError {
  return new UsageError(`rbd: unknown option '${words.join(' ')}'`, { showGlobalUsage: true });
}
