// A boolean option as librbd resolves it for one image: the endpoint's per-image resolver (the
// image's `conf_<option>` image-meta key, copied to the non-primary with the rest of the
// metadata, over the cluster's effective value).
import type { ReplicationEndpoint } from '../backends/replication.js';

const TRUE = /^(true|1|yes)$/i;

export function imageFlag(endpoint: ReplicationEndpoint, imageId: string, name: string): boolean {
  let value: string;
  try {
    value = endpoint.imageConfig(imageId, name);
  } catch {
    value = endpoint.config(name); // the image went away meanwhile: the cluster's value
  }
  return TRUE.test(value.trim());
}
