// Writes an image's site status through an endpoint: into the local cluster as the local site
// (mirror_uuid ''), and into the remote cluster under this site's pool mirror uuid, which is what
// the remote shows under `peer_sites`. A record is rewritten when it changes or has not been
// refreshed for refreshMs.
import type { ReplicationEndpoint, StatusValue } from '../backends/replication.js';

export type SiteStatusValue = StatusValue;

export interface StatusTarget {
  endpoint: ReplicationEndpoint;
  poolId: number;
  namespace: string;
  /** '' for the local site; our local pool mirror uuid when writing into the remote cluster. */
  mirrorUuid: string;
}

interface Written { state: StatusValue['state']; description: string; at: number }

const endpointIds = new WeakMap<ReplicationEndpoint, number>();
let nextEndpointId = 1;
function endpointId(e: ReplicationEndpoint): number {
  let id = endpointIds.get(e);
  if (id === undefined) endpointIds.set(e, (id = nextEndpointId++));
  return id;
}

export class StatusWriter {
  private readonly written = new Map<string, Written>();

  constructor(private readonly gid: number, private readonly refreshMs: number) {}

  private key(t: StatusTarget, globalId: string): string {
    return `${endpointId(t.endpoint)}\0${t.poolId}\0${t.namespace}\0${globalId}\0${t.mirrorUuid}`;
  }

  set(t: StatusTarget, globalId: string, value: StatusValue, now = Date.now()): void {
    const k = this.key(t, globalId);
    const prev = this.written.get(k);
    if (prev && prev.state === value.state && prev.description === value.description && now - prev.at < this.refreshMs) return;
    t.endpoint.writeStatus({ poolId: t.poolId, namespace: t.namespace, globalId, mirrorUuid: t.mirrorUuid }, value, this.gid, now);
    this.written.set(k, { ...value, at: now });
  }

  /** Drops a record (the image is gone on that side). */
  remove(t: StatusTarget, globalId: string): void {
    this.written.delete(this.key(t, globalId));
    t.endpoint.removeStatus({ poolId: t.poolId, namespace: t.namespace, globalId, mirrorUuid: t.mirrorUuid });
  }

  /** Refreshes every record written for the target at once (one statement), so an idle pool
   *  costs one write per refresh interval, not one per image. */
  touch(t: StatusTarget, now = Date.now()): void {
    t.endpoint.touchStatuses({ poolId: t.poolId, namespace: t.namespace, mirrorUuid: t.mirrorUuid }, this.gid, now);
    const prefix = this.key(t, '\u0001').split('\0').slice(0, 3).join('\0');
    for (const [k, w] of this.written) if (k.startsWith(`${prefix}\0`) && k.endsWith(`\0${t.mirrorUuid}`)) w.at = now;
  }

  /** Forget what was written (after a reconnect the remote may have lost it). */
  forget(): void {
    this.written.clear();
  }
}
