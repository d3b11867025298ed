#!/usr/bin/env -S -u NODE_EXTRA_CA_CERTS node
// Launcher of the bundled daemon (dist/, npm run build); installed as `rbd-mirror` and
// `rbdm-mirror`. CommonJS, and no NODE_EXTRA_CA_CERTS, as bin/rbd.js explains.
require('./load-bundle.js')('rbd-mirror').run();
