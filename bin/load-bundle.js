// Loads a bundle of dist/ (npm run build) through a V8 code cache kept beside it: compiling the
// ~300 KB bundle is the largest single cost of an `rbd` call, and the cache skips most of it.
// A run without a usable cache writes one at exit (best effort: a read-only dist/ just goes
// without). The cache is named after the build id the bundle's first line carries, because V8
// checks only the source length and would accept a same-sized cache from another build.
const { readFileSync, renameSync, unlinkSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { dirname, join } = require('node:path');
const { Script } = require('node:vm');

module.exports = function loadBundle(name) {
  const file = join(__dirname, '..', 'dist', `${name}.js`);
  // latin1: the bundle is ASCII (scripts/build.mjs), and Node 20 reads 'utf8' through a growing
  // copy that touches ~60 more pages of memory (page faults are dear on these VMs)
  const source = readFileSync(file, 'latin1');
  const build = /^\/\/ rbdm-build (\w+)/.exec(source)?.[1];
  const cacheFile = build && `${file}.${build}.cache`;
  let cachedData;
  try { if (cacheFile) cachedData = readFileSync(cacheFile); } catch { /* first run of this build */ }
  const script = new Script(Module.wrap(source), { filename: file, cachedData });
  if (cacheFile && (!cachedData || script.cachedDataRejected)) process.once('exit', () => writeCache(script, cacheFile));
  const mod = { exports: {} };
  script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(file), mod, file, dirname(file));
  return mod.exports;
};

/** After the run, so the cache also holds the functions this call compiled. */
function writeCache(script, cacheFile) {
  const tmp = `${cacheFile}.${process.pid}`;
  try {
    writeFileSync(tmp, script.createCachedData());
    renameSync(tmp, cacheFile);
  } catch {
    try { unlinkSync(tmp); } catch { /* nothing written */ }
  }
}
