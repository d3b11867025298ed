// The registry of the `ceph` binary: the monitor commands an rbd-mirror operator uses.
import type { AnyCommand } from '../../src/cli/define.js';
import authCaps from './auth/caps.js';
import authDel from './auth/del.js';
import authGetKey from './auth/get-key.js';
import authGetOrCreate from './auth/get-or-create.js';
import authGet from './auth/get.js';
import authList from './auth/ls.js';
import configDump from './config/dump.js';
import configGet from './config/get.js';
import configRm from './config/rm.js';
import configSet from './config/set.js';
import daemon from './daemon.js';
import fsid from './fsid.js';
import osdPoolApplicationEnable from './osd/pool/application/enable.js';
import osdPoolCreate from './osd/pool/create.js';
import osdPoolDelete from './osd/pool/delete.js';
import osdPoolList from './osd/pool/ls.js';
import status from './status.js';

export const CEPH_COMMANDS: readonly AnyCommand[] = [
  authGetOrCreate, authGet, authGetKey, authList, authDel, authCaps,
  osdPoolCreate, osdPoolList, osdPoolDelete, osdPoolApplicationEnable,
  configSet, configGet, configRm, configDump,
  fsid, status, daemon,
];
