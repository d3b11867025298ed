// Declarative command definitions: the one source of truth for names, options, types and
// defaults. The fast parser (parse.ts), the yargs adapter (yargs-adapter.ts), help and man pages
// are all driven by these.
import { resolveSpec, type Resolved, type SpecRule } from '../domain/specs.js';
import type { Context } from './context.js';
import { defaultPool } from './defaults.js';

export interface OptionDef {
  type: 'string' | 'boolean';
  /** One-letter short form, e.g. 'p' for --pool. */
  alias?: string;
  describe: string;
  /** Allowed values; anything else is a parse error (exit 1), as boost reports it. */
  choices?: readonly string[];
  /** May be given several times (values collected in order). */
  multiple?: boolean;
  /** Hidden from help (aliases kept for compatibility). */
  hidden?: boolean;
  /** An rbdm addition to a command real rbd has: help lists it after rbd's own options, in a
   *  section of its own, so rbd's layout stays as it is; the man page marks it. */
  rbdm?: boolean;
}

export interface PositionalDef {
  name: string;
  describe: string;
  /** Takes every remaining word (last positional only): `<features> [<features> ...]`. */
  variadic?: boolean;
  /** Shown as `[<name>]` in help; the action decides what a missing one means. */
  optional?: boolean;
  /** The words shell completion offers; the action checks the value (rbd reports a bad one
   *  with errno 22, not as a parse error). */
  choices?: readonly string[];
}

type CamelCase<S extends string> = S extends `${infer H}-${infer T}` ? `${H}${Capitalize<CamelCase<T>>}` : S;
type OptionValue<D extends OptionDef> =
  D extends { type: 'boolean' } ? boolean : D extends { multiple: true } ? string[] : string | undefined;

export type ArgsOf<O extends Record<string, OptionDef>, P extends readonly PositionalDef[]> =
  { [K in keyof O as CamelCase<K & string>]: OptionValue<O[K]> } &
  { [K in P[number] as CamelCase<K['name']>]: K extends { variadic: true } ? string[] : string | undefined };

/** The pool/image/snapshot spec a command takes: which positional holds it (--pool, --namespace,
 *  --image and --snap are read from the options) and what it must name (domain/specs.ts). */
export type SpecDecl = SpecRule & { positional: string };

/** The declared spec, resolved when the command asks (so it keeps rbd's order of checks). */
export type SpecTarget<S> = S extends SpecRule ? () => Promise<Resolved<S>> : undefined;

export interface CommandDef<
  O extends Record<string, OptionDef> = Record<string, OptionDef>,
  P extends readonly PositionalDef[] = readonly PositionalDef[],
  S extends SpecDecl | undefined = SpecDecl | undefined,
> {
  /** Command words, e.g. ['mirror', 'pool', 'enable']. */
  path: readonly string[];
  /** Other spellings of the whole path, e.g. ['mirror', 'snapshot', 'schedule', 'ls']. */
  aliases?: readonly (readonly string[])[];
  describe: string;
  /** Longer text for help and the man page. */
  details?: string;
  /** Positionals in order; all are optional to the parser, the action checks what it needs
   *  (rbd reports a missing one with errno 22, not as a usage error). */
  positionals: P;
  options: O;
  /** Its plain output is coloured on a colour terminal (status commands). */
  colour?: boolean;
  /** The spec it accepts, when it names a pool or an image. */
  spec?: S;
  /** Exit status, or nothing for 0. `target` resolves the declared spec. */
  run(args: ArgsOf<O, P>, ctx: Context, target: SpecTarget<S>): Promise<number | void>;
}

/** The widened form the registry and the parsers work with. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCommand = Omit<CommandDef, 'run'> & { run(args: any, ctx: Context): Promise<number | void> };

/** Infers the argument types of `run` from the option table and binds the declared spec. */
export function defineCommand<
  const O extends Record<string, OptionDef>, const P extends readonly PositionalDef[], const S extends SpecDecl | undefined = undefined,
>(def: CommandDef<O, P, S>): AnyCommand {
  const { spec, run } = def;
  if (!spec) return { ...def, run: (args, ctx) => run(args, ctx, undefined as SpecTarget<S>) };
  if (!def.positionals.some((p) => p.name === spec.positional)) {
    throw new Error(`${def.path.join(' ')}: spec positional '${spec.positional}' is not declared`);
  }
  const key = camelCase(spec.positional) as keyof ArgsOf<O, P>;
  return {
    ...def,
    run: (args: ArgsOf<O, P>, ctx) => run(args, ctx, (async () =>
      resolveSpec(spec, args[key] as string | undefined, args as SpecArgsOf, await defaultPool(ctx))) as SpecTarget<S>),
  };
}

type SpecArgsOf = Parameters<typeof resolveSpec>[2];

export function camelCase(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
