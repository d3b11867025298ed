// `node dist/gen-man.js [ceph|rbd-mirror]` prints man/rbd.8, man/ceph.8 or man/rbd-mirror.8 (npm run man).
import { CEPH_COMMANDS } from '../../commands/ceph/index.js';
import { COMMANDS } from '../../commands/index.js';
import { VERSION } from './main.js';
import { CEPH_PAGE, manPage } from './man.js';
import { rbdMirrorManPage } from './man-rbd-mirror.js';

const which = process.argv[2];
process.stdout.write(which === 'ceph' ? manPage(CEPH_COMMANDS, VERSION, CEPH_PAGE) : which === 'rbd-mirror' ? rbdMirrorManPage(VERSION) : manPage(COMMANDS, VERSION));
