// Seeds a local cluster with many mirrored images in-process (the CLI would need 20,000 spawns).
import { createLocalBackend } from '../src/backends/local/index.js';

export async function seedMirroredImages(home: string, cluster: string, pool: string, count: number): Promise<void> {
  const backend = createLocalBackend({ cluster, configOverrides: {} }, { ...process.env, RBDM_HOME: home });
  await backend.osdPoolCreate(pool); // (creates the cluster, as `ceph osd pool create` does)
  await backend.poolInit(pool);
  await backend.setMirrorMode({ pool, namespace: '' }, 'image');
  await backend.setSiteName(cluster);
  for (let i = 0; i < count; i++) {
    const ref = { pool, namespace: '', image: `image-${String(i).padStart(5, '0')}` };
    await backend.createImage(ref, { size: 64 << 20, order: 22, features: ['layering', 'exclusive-lock'] });
    await backend.mirrorImageEnable(ref, i % 2 ? 'snapshot' : 'journal');
  }
  await backend.close();
}
