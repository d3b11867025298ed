// Ceph's QA scenario for journal-based mirroring (qa/workunits/rbd/rbd_mirror_journal.sh) on two local
// clusters: the steps of qa-steps.ts in order, `rbd export` checksums of the head and every user
// snapshot compared on both sites after each (qa-scenario.ts).
// Local only (qa-scenario.ts describeQa says why).
import { describeQa } from './qa-scenario.js';
import { CEPH_QA_STEPS } from './qa-steps.js';

describeQa('qa-jour', 'journal', CEPH_QA_STEPS);
