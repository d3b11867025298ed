// The one interface of the journal and the snapshot replayer (Ceph's image_replayer::Replayer,
// chosen per image by its mirror mode): what the image replayer's state machine drives.
import type { ImageMirrorMode, MirroredImage } from '../backends/replication.js';
import type { ReplayContext } from './context.js';
import type { SiteStatusValue } from './status.js';

/** Reports the status the replayer's work implies (written by the image replayer). */
export type Report = (v: SiteStatusValue) => void;

export interface ModeReplayer {
  readonly mode: ImageMirrorMode;
  /** No local image yet: create the non-primary copy and its first sync marker. */
  bootstrap(ctx: ReplayContext, remote: MirroredImage, report: Report): Promise<boolean>;
  /** True while the copy is in its initial (full) sync. */
  syncing(ctx: ReplayContext, local: MirroredImage, remote: MirroredImage): boolean;
  /** One bounded piece of work; true when more is waiting. */
  step(ctx: ReplayContext, local: MirroredImage, remote: MirroredImage, report: Report): Promise<boolean>;
  /** When the replayer wants to run again although nothing changed (a timer), if ever. */
  wakeAt(): number | undefined;
  /** Forget per-image memory (split-brain seen, rates): the image changed hands. */
  reset(): void;
}
