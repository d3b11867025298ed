// Pool-level actions outside mirroring.
import type { Backend } from '../backends/backend.js';

export async function poolInit(backend: Backend, pool: string): Promise<void> {
  await backend.poolInit(pool);
}
