// The image map's policy (rules/image-map.ts): balanced and stable across joins and departures.
import { expect, test } from 'vitest';
import { assignImages } from '../../src/rules/image-map.js';

const ids = Array.from({ length: 10 }, (_, i) => `g${i}`);
const counts = (m: Map<string, number>) => [...m.values()].reduce((c, g) => c.set(g, (c.get(g) ?? 0) + 1), new Map<number, number>());

test('balanced over the live instances, every image once', () => {
  const m = assignImages(ids, new Map(), [4102, 4101, 4103]);
  expect([...m.keys()].sort()).toEqual(ids);
  expect([...counts(m).values()].sort()).toEqual([3, 3, 4]);
});

test('a departure moves only the images of the instance that left', () => {
  const before = assignImages(ids, new Map(), [4101, 4102, 4103]);
  const after = assignImages(ids, before, [4101, 4102]);
  for (const id of ids) if (before.get(id) !== 4103) expect(after.get(id)).toBe(before.get(id));
  expect([...counts(after).values()].sort()).toEqual([5, 5]);
});

test('a join takes over only as many images as balance needs', () => {
  const before = assignImages(ids, new Map(), [4101]);
  const after = assignImages(ids, before, [4101, 4102]);
  expect([...counts(after).values()].sort()).toEqual([5, 5]);
  expect(ids.filter((id) => after.get(id) !== before.get(id))).toHaveLength(5);
  expect(assignImages(ids, after, [4101, 4102])).toEqual(after);       // stable when nothing changes
});

test('no live instance: nothing assigned; images gone leave the map', () => {
  expect(assignImages(ids, new Map(), []).size).toBe(0);
  const m = assignImages(ids.slice(0, 3), assignImages(ids, new Map(), [4101]), [4101]);
  expect([...m.keys()]).toEqual(['g0', 'g1', 'g2']);
});
