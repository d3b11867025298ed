#!/usr/bin/env node
// Thin launcher: the compiled, bundled daemon lives in dist/ (npm run build).
import('../dist/rbd-mirror.js').then((m) => m.run());
