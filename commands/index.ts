// The registry: every leaf command of the `rbd` binary. Add a module here to add a command.
import type { AnyCommand } from '../src/cli/define.js';
import configGlobalGet from './config/global/get.js';
import configGlobalList from './config/global/list.js';
import configGlobalRemove from './config/global/remove.js';
import configGlobalSet from './config/global/set.js';
import bench from './bench.js';
import completion from './completion.js';
import create from './create.js';
import du from './du.js';
import exportImage from './export.js';
import featureDisable from './feature/disable.js';
import featureEnable from './feature/enable.js';
import importImage from './import.js';
import info from './info.js';
import journalClientDisconnect from './journal/client/disconnect.js';
import journalInfo from './journal/info.js';
import journalStatus from './journal/status.js';
import list from './list.js';
import mirrorImageDemote from './mirror/image/demote.js';
import mirrorImageDisable from './mirror/image/disable.js';
import mirrorImageEnable from './mirror/image/enable.js';
import mirrorImageHealth from './mirror/image/health.js';
import mirrorImageFailover from './mirror/image/failover.js';
import mirrorImagePromote from './mirror/image/promote.js';
import mirrorImageResync from './mirror/image/resync.js';
import mirrorImageSnapshot from './mirror/image/snapshot.js';
import mirrorImageStatus from './mirror/image/status.js';
import mirrorImageWait from './mirror/image/wait.js';
import mirrorPoolDemote from './mirror/pool/demote.js';
import mirrorPoolDisable from './mirror/pool/disable.js';
import mirrorPoolDrill from './mirror/pool/drill.js';
import mirrorPoolEnable from './mirror/pool/enable.js';
import mirrorPoolHealth from './mirror/pool/health.js';
import mirrorPoolFailover from './mirror/pool/failover.js';
import mirrorPoolInfo from './mirror/pool/info.js';
import mirrorPoolPeerAdd from './mirror/pool/peer/add.js';
import mirrorPoolPeerBootstrapCreate from './mirror/pool/peer/bootstrap/create.js';
import mirrorPoolPeerBootstrapImport from './mirror/pool/peer/bootstrap/import.js';
import mirrorPoolPeerRemove from './mirror/pool/peer/remove.js';
import mirrorPoolPeerSet from './mirror/pool/peer/set.js';
import mirrorPoolPromote from './mirror/pool/promote.js';
import mirrorPoolStatus from './mirror/pool/status.js';
import mirrorPoolWait from './mirror/pool/wait.js';
import mirrorSnapshotScheduleAdd from './mirror/snapshot/schedule/add.js';
import mirrorSnapshotScheduleList from './mirror/snapshot/schedule/list.js';
import mirrorSnapshotScheduleRemove from './mirror/snapshot/schedule/remove.js';
import mirrorSnapshotScheduleStatus from './mirror/snapshot/schedule/status.js';
import namespaceCreate from './namespace/create.js';
import namespaceList from './namespace/list.js';
import poolInit from './pool/init.js';
import remove from './remove.js';
import resize from './resize.js';
import snapCreate from './snap/create.js';
import snapList from './snap/list.js';
import snapPurge from './snap/purge.js';
import snapRemove from './snap/remove.js';
// life: the image life cycle
import imageMetaGet from './image-meta/get.js';
import imageMetaList from './image-meta/list.js';
import imageMetaRemove from './image-meta/remove.js';
import imageMetaSet from './image-meta/set.js';
import lockList from './lock/list.js';
import rename from './rename.js';
import trashList from './trash/list.js';
import trashMove from './trash/move.js';
import trashPurge from './trash/purge.js';
import trashRemove from './trash/remove.js';
import trashRestore from './trash/restore.js';
// snapl: snapshot life cycle and clones
import children from './children.js';
import clone from './clone.js';
import flatten from './flatten.js';
import snapProtect from './snap/protect.js';
import snapRename from './snap/rename.js';
import snapUnprotect from './snap/unprotect.js';

export const COMMANDS: readonly AnyCommand[] = [
  mirrorPoolEnable,
  mirrorPoolDisable,
  mirrorPoolPromote,
  mirrorPoolDemote,
  mirrorPoolPeerAdd,
  mirrorPoolPeerRemove,
  mirrorPoolPeerSet,
  mirrorPoolPeerBootstrapCreate,
  mirrorPoolPeerBootstrapImport,
  mirrorPoolStatus,
  mirrorPoolHealth,
  mirrorPoolWait,
  mirrorPoolFailover,
  mirrorPoolDrill,
  mirrorImageEnable,
  mirrorImageDisable,
  mirrorImagePromote,
  mirrorImageDemote,
  mirrorImageResync,
  mirrorImageSnapshot,
  mirrorImageStatus,
  mirrorImageHealth,
  mirrorImageWait,
  mirrorImageFailover,
  mirrorSnapshotScheduleAdd,
  mirrorSnapshotScheduleRemove,
  mirrorSnapshotScheduleList,
  mirrorSnapshotScheduleStatus,
  configGlobalGet,
  configGlobalSet,
  configGlobalRemove,
  configGlobalList,
  create,
  list,
  info,
  remove,
  featureEnable,
  featureDisable,
  snapCreate,
  snapList,
  snapRemove,
  snapPurge,
  snapRename,
  snapProtect,
  snapUnprotect,
  clone,
  flatten,
  children,
  journalInfo,
  journalStatus,
  journalClientDisconnect,
  namespaceCreate,
  namespaceList,
  mirrorPoolInfo,
  poolInit,
  bench,
  importImage,
  exportImage,
  du,
  resize,
  completion,
  // life: the image life cycle
  rename,
  trashMove,
  trashList,
  trashRestore,
  trashRemove,
  trashPurge,
  imageMetaList,
  imageMetaGet,
  imageMetaSet,
  imageMetaRemove,
  lockList,
];
