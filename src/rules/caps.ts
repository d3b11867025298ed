// Ceph cap strings (`mon 'profile rbd-mirror'`, `osd 'profile rbd pool=images'`) and what an
// rbd-mirror daemon and its peers need of them. Grants are separated by commas or semicolons;
// the leading `allow` of a profile grant is optional, as in Ceph's cap grammar.

/** What a client is about to do: run as rbd-mirror on its own cluster, or be the peer user a
 *  remote daemon connects as. */
export type MirrorRole = 'rbd-mirror' | 'rbd-mirror-peer';

/** Mon profiles that let a client act in the role (allow * lets anything). */
const MON_PROFILES: Record<MirrorRole, readonly string[]> = {
  'rbd-mirror': ['rbd-mirror'],
  'rbd-mirror-peer': ['rbd-mirror-peer', 'rbd-mirror'],
};

interface Grant { words: string[]; pool?: string }

function grants(cap: string | undefined): Grant[] {
  return (cap ?? '').split(/[,;]/).map((g) => g.trim()).filter(Boolean).map((g) => {
    const words = g.split(/\s+/);
    if (words[0] === 'allow') words.shift();
    const poolWord = words.findIndex((w) => w.startsWith('pool='));
    const pool = poolWord >= 0 ? words.splice(poolWord, 1)[0]!.slice('pool='.length) : undefined;
    return { words, pool };
  });
}

const isAll = (g: Grant) => g.words.length === 1 && g.words[0] === '*';

/** True when the mon caps let the client act in the role. */
export function monCapsAllow(mon: string | undefined, role: MirrorRole): boolean {
  return grants(mon).some((g) => isAll(g) || (g.words[0] === 'profile' && MON_PROFILES[role].includes(g.words[1] ?? '')));
}

/** True when the osd caps let the client read and write rbd image data (in `pool`, when given). */
export function osdCapsAllowRbd(osd: string | undefined, pool?: string): boolean {
  return grants(osd).some((g) => {
    if (g.pool !== undefined && pool !== undefined && g.pool !== pool) return false;
    if (isAll(g)) return true;
    if (g.words[0] === 'profile') return g.words[1] === 'rbd';
    return g.words.length === 1 && /^(rwx|rw)$/.test(g.words[0]!);
  });
}

/** The role's mon profile as a message names it. */
export const roleProfile = (role: MirrorRole): string => `profile ${role}`;
