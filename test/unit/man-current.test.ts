// man/rbd.8 is generated from the command definitions; this keeps the committed page current.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { COMMANDS } from '../../commands/index.js';
import { VERSION } from '../../src/cli/main.js';
import { manPage } from '../../src/cli/man.js';
import { ROOT } from '../helpers/rbd.js';

test('man/rbd.8 matches the command definitions (regenerate with npm run man)', () => {
  const page = manPage(COMMANDS, VERSION);
  expect(readFileSync(join(ROOT, 'man', 'rbd.8'), 'utf8')).toBe(page);
  for (const c of COMMANDS) expect(page).toContain(`\\fB${c.path.join(' ').replace(/-/g, '\\-')}\\fR`);
});

test('man/ceph.8 matches the ceph command definitions', async () => {
  const { CEPH_COMMANDS } = await import('../../commands/ceph/index.js');
  const { CEPH_PAGE } = await import('../../src/cli/man.js');
  const page = manPage(CEPH_COMMANDS, VERSION, CEPH_PAGE);
  expect(readFileSync(join(ROOT, 'man', 'ceph.8'), 'utf8')).toBe(page);
  for (const c of CEPH_COMMANDS) expect(page).toContain(`\\fB${c.path.join(' ').replace(/-/g, '\\-')}\\fR`);
});

test('man/rbd-mirror.8 is the generated daemon page (admin socket, daemonizing, pid file)', async () => {
  const { rbdMirrorManPage } = await import('../../src/cli/man-rbd-mirror.js');
  const page = rbdMirrorManPage(VERSION);
  expect(readFileSync(join(ROOT, 'man', 'rbd-mirror.8'), 'utf8')).toBe(page);
  for (const word of ['ADMIN SOCKET', 'rbd mirror status', 'rbd mirror stop', 'pid_file', 'admin_socket', 'Daemonize', 'ceph\\-rbd\\-mirror@.service']) {
    expect(page).toContain(word);
  }
});
