import { describe, expect, test } from 'vitest';
import { chooseDataPool } from '../../src/domain/data-pool.js';

describe('data pool of an image rbd-mirror creates on the destination', () => {
  test('the local rbd_default_data_pool wins', () => {
    expect(chooseDataPool({ localDefaultDataPool: 'fast-ec', sourceDataPool: 'ec-data', localPools: ['ec-data'] })).toBe('fast-ec');
    expect(chooseDataPool({ localDefaultDataPool: 'fast-ec', localPools: [] })).toBe('fast-ec');
  });

  test('else the source data pool, when a pool of that name exists locally', () => {
    expect(chooseDataPool({ localDefaultDataPool: '', sourceDataPool: 'ec-data', localPools: ['image-pool', 'ec-data'] })).toBe('ec-data');
  });

  test('else none', () => {
    expect(chooseDataPool({ localDefaultDataPool: '', sourceDataPool: 'ec-data', localPools: ['image-pool'] })).toBeUndefined();
    expect(chooseDataPool({ localDefaultDataPool: '', localPools: ['image-pool'] })).toBeUndefined();
  });
});
