// Image-scoped Ceph options: librbd applies an image's `conf_<option>` image-meta over the
// cluster's settings (ImageCtx::apply_metadata), so every option read for one image goes through
// imageOption here. The order: command line > image-meta conf_ key > the cluster's config > default.
import { CONFIG_OPTIONS, invalidConfigValue } from '../../config/options.js';
import type { LocalCore } from './core.js';

export const CONF_PREFIX = 'conf_';

/** librbd's Operations::metadata_set check of a `conf_` key: an rbd option it can apply per image,
 *  with a value of the option's type. Undefined when the key/value is acceptable. */
export function checkImageMetaValue(key: string, value: string): string | undefined {
  if (!key.startsWith(CONF_PREFIX) || key.length === CONF_PREFIX.length) return undefined;
  const name = key.slice(CONF_PREFIX.length);
  if (!name.startsWith('rbd_') || !(name in CONFIG_OPTIONS)) return `validation for ${key} failed: not allowed image level override`;
  return invalidConfigValue(name, value) === undefined ? undefined : `failed to set metadata ${key} of image`;
}

/** The value of `name` for one image. A conf_ value librbd could not apply (wrong type, below the
 *  minimum) is ignored, as librbd ignores it. */
export function imageOption(core: LocalCore, imageId: string, name: string): string {
  if (core.opts.configOverrides[name] === undefined) {
    const meta = core.store.db.prepare('SELECT value FROM image_meta WHERE image_id = ? AND key = ?')
      .get(imageId, `${CONF_PREFIX}${name}`) as { value: string } | undefined;
    if (meta && invalidConfigValue(name, meta.value.trim()) === undefined) return meta.value.trim();
  }
  return core.config(name);
}
