// Option groups many commands share, spelled and described as rbd does.
import type { OptionDef } from './define.js';

export const FORMAT_OPTIONS = {
  format: { type: 'string', describe: 'output format (plain, json, or xml) [default: plain]', choices: ['plain', 'json', 'xml'] },
  'pretty-format': { type: 'boolean', describe: 'pretty formatting (json and xml)' },
} as const satisfies Record<string, OptionDef>;

export const POOL_OPTIONS = {
  pool: { type: 'string', alias: 'p', describe: 'pool name' },
  namespace: { type: 'string', describe: 'namespace name' },
} as const satisfies Record<string, OptionDef>;

/** pool-name commands (peers, bootstrap): no namespace. */
export const POOL_NAME_OPTIONS = {
  pool: { type: 'string', alias: 'p', describe: 'pool name' },
} as const satisfies Record<string, OptionDef>;

export const IMAGE_OPTIONS = {
  pool: { type: 'string', alias: 'p', describe: 'pool name' },
  namespace: { type: 'string', describe: 'namespace name' },
  image: { type: 'string', describe: 'image name' },
} as const satisfies Record<string, OptionDef>;

/** Commands from one image to another (rename, clone, snap rename): rbd's source options... */
export const SOURCE_IMAGE_OPTIONS = {
  pool: { type: 'string', alias: 'p', describe: 'source pool name' },
  namespace: { type: 'string', describe: 'source namespace name' },
  image: { type: 'string', describe: 'source image name' },
} as const satisfies Record<string, OptionDef>;

/** ...and its destination options (also import's). */
export const DEST_IMAGE_OPTIONS = {
  'dest-pool': { type: 'string', describe: 'destination pool name' },
  'dest-namespace': { type: 'string', describe: 'destination namespace name' },
  dest: { type: 'string', describe: 'destination image name' },
} as const satisfies Record<string, OptionDef>;

/** `rbd journal ...`: the journal by name (its image's id) or by its image. */
export const JOURNAL_OPTIONS = {
  pool: { type: 'string', alias: 'p', describe: 'pool name' },
  namespace: { type: 'string', describe: 'namespace name' },
  image: { type: 'string', describe: 'image name' },
  journal: { type: 'string', describe: 'journal name' },
} as const satisfies Record<string, OptionDef>;

/** The image layout options of `create` and `import` (rbd's at::add_create_image_options). */
export const IMAGE_CREATION_OPTIONS = {
  'image-format': { type: 'string', describe: 'image format [default: 2]', choices: ['2'] },
  order: { type: 'string', describe: 'object order [12 <= order <= 25]', hidden: true },
  'object-size': { type: 'string', describe: 'object size in B/K/M [4K <= object size <= 32M]' },
  'image-feature': { type: 'string', multiple: true, describe: 'image features\n[layering(+), exclusive-lock(+*), object-map(+*), deep-flatten(+-), journaling(*)]' },
} as const satisfies Record<string, OptionDef>;

/** Long image operations (create, import, export, resize, rm, snap create/rm). */
export const NO_PROGRESS_OPTION = {
  'no-progress': { type: 'boolean', describe: 'disable progress output' },
} as const satisfies Record<string, OptionDef>;

export const POOL_SPEC = { name: 'pool-spec', describe: 'pool specification\n(example: <pool-name>[/<namespace>]' } as const;
export const POOL_NAME = { name: 'pool-name', describe: 'pool name' } as const;
export const JOURNAL_SPEC = {
  name: 'journal-spec', describe: 'journal specification\n(example: [<pool-name>/[<namespace>/]]<journal-name>)',
} as const;
export const IMAGE_SPEC = {
  name: 'image-spec', describe: 'image specification\n(example: [<pool-name>/[<namespace>/]]<image-name>)',
} as const;

/** Options accepted by every command, anywhere on the line. */
export const GLOBAL_OPTIONS = {
  cluster: { type: 'string', describe: 'cluster name [default: ceph]' },
  conf: { type: 'string', alias: 'c', describe: 'path to cluster configuration' },
  id: { type: 'string', describe: 'client id (without \'client.\' prefix)' },
  name: { type: 'string', alias: 'n', describe: 'client name' },
  'mon-host': { type: 'string', alias: 'm', describe: 'monitor host' },
  keyfile: { type: 'string', alias: 'K', describe: 'path to secret key' },
  keyring: { type: 'string', alias: 'k', describe: 'path to keyring' },
  backend: { type: 'string', describe: 'cluster backend (local or ceph) [default: local unless a Ceph config exists]', choices: ['local', 'ceph'] },
  color: { type: 'boolean', describe: 'colour on a terminal (--no-color turns it off)', hidden: true },
  'no-color': { type: 'boolean', describe: 'never colour the output' },
  help: { type: 'boolean', alias: 'h', describe: 'show help' },
} as const satisfies Record<string, OptionDef>;
