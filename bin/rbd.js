#!/usr/bin/env -S -u NODE_EXTRA_CA_CERTS node
// Launcher of the bundled CLI (dist/, npm run build); installed as `rbd` and `rbdm`. CommonJS
// like dist/: the ESM loader would add ~10 ms to every call. The shebang drops
// NODE_EXTRA_CA_CERTS, which Node 20 parses at start-up (~40 ms) for TLS that rbd never uses.
require('./load-bundle.js')('rbd').run();
