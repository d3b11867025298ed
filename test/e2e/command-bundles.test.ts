// The build (scripts/build.mjs): one bundle per command of each binary, loadable and exporting
// runCall, and routers that hold definitions but none of the commands' code.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CEPH_COMMANDS } from '../../commands/ceph/index.js';
import { COMMANDS } from '../../commands/index.js';
import { commandBundleName } from '../../src/cli/bundle-dispatch.js';
import { ROOT } from '../helpers/rbd.js';

const DIST = join(ROOT, 'dist');
const requireDist = createRequire(join(DIST, 'index.js'));

describe('command bundles', () => {
  for (const [binary, commands] of [['rbd', COMMANDS], ['ceph', CEPH_COMMANDS]] as const) {
    it(`${binary}: every command has a bundle exporting runCall`, () => {
      for (const c of commands) {
        const bundle = requireDist(`./${commandBundleName(binary, c.path)}.js`) as { runCall?: unknown };
        expect(typeof bundle.runCall, c.path.join(' ')).toBe('function');
      }
    });

    it(`${binary}: the router holds every command's words but no backend code`, () => {
      const router = readFileSync(join(DIST, `${binary}.js`), 'latin1');
      for (const c of commands) expect(router, c.path.join(' ')).toContain(JSON.stringify(c.describe));
      expect(router).not.toMatch(/CREATE TABLE/i);
      const command = readFileSync(join(DIST, `${commandBundleName(binary, commands[0]!.path)}.js`), 'latin1');
      expect(command).toMatch(/CREATE TABLE/i);
    });
  }
});
