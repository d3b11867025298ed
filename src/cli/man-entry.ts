// `node dist/gen-man.js` prints man/rbd.8 (npm run man).
import { COMMANDS } from '../../commands/index.js';
import { VERSION } from './main.js';
import { manPage } from './man.js';

process.stdout.write(manPage(COMMANDS, VERSION));
