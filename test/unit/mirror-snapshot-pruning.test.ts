// The pure pruning decision of primary mirror snapshots (librbd CreatePrimaryRequest::unlink_peer, 16.2.10+).
import { describe, expect, test } from 'vitest';
import {
  applyPruneStep, nextPruneStep, planMirrorSnapshotPruning, promotionFromSnapshots, type PruneSnap,
} from '../../src/backends/local/mirror-snapshots.js';

const primary = (snapId: number, ...peers: string[]): PruneSnap => ({ snapId, state: 'primary', peerUuids: peers });
const demoted = (snapId: number, ...peers: string[]): PruneSnap => ({ snapId, state: 'primary-demoted', peerUuids: peers });
const nonPrimary = (snapId: number): PruneSnap => ({ snapId, state: 'non-primary', peerUuids: [] });

describe('mirror snapshot pruning', () => {
  test('within the limit nothing is pruned', () => {
    const snaps = [1, 2, 3, 4, 5].map((i) => primary(i, 'A'));
    expect(planMirrorSnapshotPruning(snaps, ['A'], 5)).toEqual([]);
  });

  test('one over the limit unlinks the peer from the snapshot at position = limit, deleting it', () => {
    const snaps = [1, 2, 3, 4, 5, 6].map((i) => primary(i, 'A'));
    expect(planMirrorSnapshotPruning(snaps, ['A'], 5)).toEqual([{ kind: 'unlink', snapId: 5, peer: 'A' }]);
    const after = applyPruneStep(snaps, { kind: 'unlink', snapId: 5, peer: 'A' });
    expect(after.map((s) => s.snapId)).toEqual([1, 2, 3, 4, 6]);
  });

  test('limit 3 keeps the oldest base of a lagging peer', () => {
    const snaps = [1, 2, 3, 4].map((i) => primary(i, 'A'));
    expect(planMirrorSnapshotPruning(snaps, ['A'], 3)).toEqual([{ kind: 'unlink', snapId: 3, peer: 'A' }]);
  });

  test('a snapshot still linked to another peer only loses the peer', () => {
    const snaps = [primary(1, 'A'), primary(2, 'A'), primary(3, 'A', 'B'), primary(4, 'A')];
    const steps = planMirrorSnapshotPruning(snaps, ['A'], 3);
    expect(steps).toEqual([{ kind: 'unlink', snapId: 3, peer: 'A' }]);
    expect(applyPruneStep(snaps, steps[0]!)).toContainEqual(primary(3, 'B'));
  });

  test('snapshots linked to no peer are removed first', () => {
    const snaps = [primary(1), primary(2, 'A'), primary(3), primary(4, 'A')];
    expect(planMirrorSnapshotPruning(snaps, ['A'], 5)).toEqual([{ kind: 'remove', snapId: 1 }, { kind: 'remove', snapId: 3 }]);
  });

  test('peer-less snapshots stay while there is no tx peer', () => {
    expect(planMirrorSnapshotPruning([primary(1), primary(2)], [], 3)).toEqual([]);
  });

  test('counting restarts after a demoted or non-primary snapshot (the last promotion)', () => {
    const snaps = [primary(1, 'A'), primary(2, 'A'), primary(3, 'A'), demoted(4, 'A'), nonPrimary(5),
      primary(6, 'A'), primary(7, 'A'), primary(8, 'A')];
    expect(nextPruneStep(snaps, ['A'], 3)).toBeUndefined();
    expect(nextPruneStep([...snaps, primary(9, 'A')], ['A'], 3)).toEqual({ kind: 'unlink', snapId: 8, peer: 'A' });
  });

  test('each tx peer is counted on its own', () => {
    const snaps = [primary(1, 'A'), primary(2, 'A', 'B'), primary(3, 'A', 'B'), primary(4, 'A', 'B'), primary(5, 'A', 'B')];
    expect(planMirrorSnapshotPruning(snaps, ['B', 'A'], 3)).toEqual([
      { kind: 'unlink', snapId: 4, peer: 'B' },
      { kind: 'unlink', snapId: 3, peer: 'A' },
      { kind: 'unlink', snapId: 4, peer: 'A' },
    ]);
  });

  test('several over the limit are pruned down to the limit', () => {
    const snaps = [1, 2, 3, 4, 5, 6, 7].map((i) => primary(i, 'A'));
    let current = snaps;
    for (const step of planMirrorSnapshotPruning(snaps, ['A'], 5)) current = applyPruneStep(current, step);
    expect(current.map((s) => s.snapId)).toEqual([1, 2, 3, 4, 7]);
  });
});

describe('promotion state from mirror snapshots', () => {
  test.each([
    [[], 'primary'],
    [[primary(1)], 'primary'],
    [[primary(1), demoted(2)], 'orphan'],
    [[primary(1), nonPrimary(2)], 'non-primary'],
    [[nonPrimary(1), { snapId: 2, state: 'non-primary-demoted', peerUuids: [] } as PruneSnap], 'orphan'],
    [[demoted(1), primary(2)], 'primary'],
  ])('%j → %s', (snaps, expected) => {
    expect(promotionFromSnapshots(snaps as PruneSnap[])).toBe(expected);
  });
});
