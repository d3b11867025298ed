// esbuild plugin: a Node built-in that Node has not loaded by itself is loaded on the first use
// of one of its exports, not when the bundle starts. `node:crypto` alone costs ~10 ms to load,
// and `mirror pool info` never makes an id; readline, streams and os are needed only on some paths.
import { builtinModules } from 'node:module';

/** Loaded by Node before user code runs: requiring them costs nothing. */
const ALREADY_LOADED = new Set(['buffer', 'events', 'fs', 'module', 'path', 'process', 'timers', 'url', 'util']);
const NAMESPACE = 'rbdm-lazy-builtin';

export function lazyBuiltins() {
  return {
    name: 'lazy-builtins',
    setup(build) {
      build.onResolve({ filter: /^[a-z_/:]+$/ }, (args) => {
        const name = args.path.replace(/^node:/, '');
        if (!builtinModules.includes(name) || ALREADY_LOADED.has(name)) return undefined;
        return { path: name, namespace: NAMESPACE };
      });
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => {
        // The export names of this Node: dist/ is built by the Node that runs it (npm run build).
        const names = Object.getOwnPropertyNames(process.getBuiltinModule(args.path));
        return {
          loader: 'js',
          contents: [
            `let loaded;`,
            `const load = () => (loaded ??= process.getBuiltinModule(${JSON.stringify(`node:${args.path}`)}));`,
            `const names = new Set(${JSON.stringify(names)});`,
            // The exports are read through a proxy on the prototype: esbuild's __toESM gives each
            // importer an object of the same prototype and copies only own properties, and a
            // proxy costs the start of a call one Set, not a getter per export (~0.5 ms in all).
            // Only the module's own names load it (not __esModule, then, or a symbol).
            `module.exports = Object.create(new Proxy({}, { get: (_, name) => (names.has(name) ? load()[name] : undefined) }));`,
          ].join('\n'),
        };
      });
    },
  };
}
