// rbd_mirror_concurrent_image_syncs: how many images of the daemon may be in their initial copy
// at once (Ceph's ImageSyncThrottler). The others wait, in the order they asked.
export class SyncThrottle {
  private readonly holders = new Set<string>();
  private readonly waiting: string[] = [];

  constructor(private readonly limit: () => number) {}

  /** True when `id` holds a slot (taking a free one, first come first served). */
  acquire(id: string): boolean {
    if (this.holders.has(id)) return true;
    if (!this.waiting.includes(id)) this.waiting.push(id);
    if (this.holders.size >= this.limit() || this.waiting[0] !== id) return false;
    this.waiting.shift();
    this.holders.add(id);
    return true;
  }

  release(id: string): void {
    this.holders.delete(id);
    const i = this.waiting.indexOf(id);
    if (i >= 0) this.waiting.splice(i, 1);
  }

  /** For the admin socket's `sync_throttler` (Ceph's max_parallel_syncs, running, waiting). */
  counts(): { max: number; running: number; waiting: number } {
    return { max: this.limit(), running: this.holders.size, waiting: this.waiting.length };
  }
}
