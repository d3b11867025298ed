// `node dist/gen-man.js [ceph]` prints man/rbd.8 or man/ceph.8 (npm run man).
import { CEPH_COMMANDS } from '../../commands/ceph/index.js';
import { COMMANDS } from '../../commands/index.js';
import { VERSION } from './main.js';
import { CEPH_PAGE, manPage } from './man.js';

process.stdout.write(process.argv[2] === 'ceph' ? manPage(CEPH_COMMANDS, VERSION, CEPH_PAGE) : manPage(COMMANDS, VERSION));
