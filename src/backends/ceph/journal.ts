// `rbd journal ...` on Ceph needs journal::Journaler (cls_journal), which the addon does not
// bind yet: the commands say so instead of guessing.
import { Errno, RbdError } from '../../errors.js';
import type { JournalApi } from '../backend.js';

const unsupported = async (): Promise<never> => {
  throw new RbdError(Errno.EOPNOTSUPP, 'journal commands are not available on the ceph backend yet (use the real rbd)');
};

export function journalApi(): JournalApi {
  return { journalStatus: unsupported, journalClientDisconnect: unsupported };
}
