// An option as librbd resolves it for one image: the image's `conf_<option>` image-meta key
// (Ceph's per-image override, copied to the non-primary with the rest of the metadata), else the
// cluster's effective value (command line > cluster config > default). An image-meta value that
// does not parse is ignored, as librbd ignores it.
import type { ReplicationEndpoint } from '../backends/replication.js';

const TRUE = /^(true|1|yes)$/i;
const BOOL = /^(true|false|0|1|yes|no)$/i;

export function imageFlag(endpoint: ReplicationEndpoint, imageId: string, name: string): boolean {
  let value: string | undefined;
  try {
    value = endpoint.imageMeta(imageId)[`conf_${name}`]?.trim();
  } catch {
    value = undefined; // the image went away meanwhile: the cluster's value
  }
  if (value === undefined || !BOOL.test(value)) value = endpoint.config(name);
  return TRUE.test(value.trim());
}
