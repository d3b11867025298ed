#!/usr/bin/env -S -u NODE_EXTRA_CA_CERTS node
// Launcher of the bundled CLI (dist/, npm run build); installed as `rbd` and `rbdm`. CommonJS
// like dist/: the ESM loader would add ~10 ms to every call. The shebang drops
// NODE_EXTRA_CA_CERTS, which Node 20 parses at start-up (~40 ms) for TLS that rbd never uses.
// The router (dist/rbd.js) loads the command's own bundle through the same loader.
const load = require('./load-bundle.js');
load('rbd').run(process.argv.slice(2), load);
