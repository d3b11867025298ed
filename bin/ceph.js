#!/usr/bin/env node
// Thin launcher: the compiled, bundled CLI lives in dist/ (npm run build).
import('../dist/ceph.js').then((m) => m.run());
