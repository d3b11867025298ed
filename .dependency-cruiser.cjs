// The layering of rbdm, checked by `npm run lint:deps` (scripts/lint-deps.mjs; part of `npm test`).
//
//   commands/          -> src/**                       (a command parses args, calls src/, renders)
//   src/cli/*-entry.ts -> commands/index.ts            (entry points: hand the registry to main)
//   src/cli            -> domain, render, backends, rules, config, errors
//   src/daemon         -> domain, rules, backends/backend.ts + types.ts + replication.ts + endpoints.ts, os, errors
//   src/domain         -> backends/backend.ts + types.ts (the interface), rules, config, errors
//   src/render         -> rules, backends/types.ts, errors; domain for TYPES only (the shape of
//                         the data it prints; any logic render and domain share lives in src/rules)
//   src/backends/*     -> rules, config, os, errors, their own folder, backend.ts/types.ts
//   src/rules          -> backends/types.ts, errors (pure tables and functions of Ceph's rules
//                         that both backends and the domain apply: features, token codec,
//                         schedule time and levels, byte units, librbd's failure reasons)
// No cycles anywhere. test/, bench/ and scripts/ may import anything (they are not cruised).

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'Modules form a DAG: a cycle means two files share a job that belongs in a third.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'src-not-to-commands',
      comment: 'commands/ sits on top: nothing in src/ depends on a command module, except the entry ' +
        'points that hand the registry to main (src/cli/*-entry.ts, the composition roots).',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/cli/[^/]+-entry\\.ts$' },
      to: { path: '^commands/' },
    },
    {
      name: 'cli-not-to-daemon',
      comment: 'The rbd CLI and the rbd-mirror daemon are separate programs over the same layers.',
      severity: 'error',
      from: { path: '^src/cli/' },
      to: { path: '^src/daemon/' },
    },
    {
      name: 'domain-not-up',
      comment: 'src/domain returns plain data: it never imports render, cli, commands or the daemon.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^(src/(render|cli|daemon)|commands)/' },
    },
    {
      name: 'domain-only-the-backend-interface',
      comment: 'src/domain sees a Backend through backends/backend.ts and types.ts, never an implementation.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^src/backends/', pathNot: '^src/backends/(backend|types)\\.ts$' },
    },
    {
      name: 'render-not-up',
      comment: 'src/render turns data into text: no cli, commands, daemon or backend implementation.',
      severity: 'error',
      from: { path: '^src/render/' },
      to: { path: '^(src/(cli|daemon|backends/(local|ceph))|commands)/' },
    },
    {
      name: 'render-domain-types-only',
      comment: 'render knows the shape of domain results (types) but runs no domain code; logic both need goes to src/rules.',
      severity: 'error',
      from: { path: '^src/render/' },
      to: { path: '^src/domain/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'backends-not-up',
      comment: 'Backends are the bottom layer: never domain, render, cli, commands or the daemon.',
      severity: 'error',
      from: { path: '^src/backends/' },
      to: { path: '^(src/(domain|render|cli|daemon)|commands)/' },
    },
    {
      name: 'backends-stay-in-their-folder',
      comment: 'local/ and ceph/ are independent implementations of one interface.',
      severity: 'error',
      from: { path: '^src/backends/(local|ceph)/' },
      to: { path: '^src/backends/(local|ceph)/', pathNot: '^src/backends/$1/' },
    },
    {
      name: 'rules-are-leaves',
      comment: 'src/rules holds pure shared rules: only backends/types.ts, errors.ts and other rules.',
      severity: 'error',
      from: { path: '^src/rules/' },
      to: { path: '^(src|commands)/', pathNot: '^src/(rules/|backends/types\\.ts$|errors\\.ts$)' },
    },
    {
      name: 'daemon-not-to-cli-render-commands',
      comment: 'rbd-mirror is its own program: it does not use the rbd CLI, its renderers or commands.',
      severity: 'error',
      from: { path: '^src/daemon/' },
      to: { path: '^(src/(cli|render)|commands)/' },
    },
    {
      name: 'daemon-only-through-endpoints',
      comment: 'The daemon sees clusters only through the replication endpoint interface ' +
        '(src/backends/replication.ts) and gets endpoints from src/backends/endpoints.ts, never from an implementation.',
      severity: 'error',
      from: { path: '^src/daemon/' },
      to: { path: '^src/backends/(local|ceph)/' },

    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|native)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'] },
  },
};
