// How rbd names a site's mirroring state; shared by the domain (wait and failover messages) and
// the status renderers.
import type { SiteStatus } from '../backends/types.js';

/** `up+replaying`, `down+unknown`, ... */
export const siteStateText = (s: Pick<SiteStatus, 'up' | 'state'>): string => `${s.up ? 'up' : 'down'}+${s.state}`;
