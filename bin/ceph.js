#!/usr/bin/env -S -u NODE_EXTRA_CA_CERTS node
// Launcher of the bundled `ceph` subset (dist/, npm run build); CommonJS like the rbd launcher.
const load = require('./load-bundle.js');
load('ceph').run(process.argv.slice(2), load);
