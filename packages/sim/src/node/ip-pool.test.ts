import { describe, expect, it } from 'vitest';
import { IpPool } from './ip-pool.ts';

describe('IpPool', () => {
  it('hands out addresses in order from .2 and does not reuse a released one at once', () => {
    const pool = new IpPool('127.244.0.0/16');
    expect([pool.allocate(), pool.allocate()]).toEqual(['127.244.0.2', '127.244.0.3']);
    pool.release('127.244.0.2');
    expect(pool.allocate()).toBe('127.244.0.4');
  });

  it('wraps around and skips reserved addresses', () => {
    const pool = new IpPool('127.1.1.0/29'); // hosts .2 … .6
    pool.reserve('127.1.1.3');
    expect(Array.from({ length: 4 }, () => pool.allocate())).toEqual([
      '127.1.1.2',
      '127.1.1.4',
      '127.1.1.5',
      '127.1.1.6',
    ]);
    expect(() => pool.allocate()).toThrow('no free Pod IP left in 127.1.1.0/29');
    pool.release('127.1.1.4');
    expect(pool.allocate()).toBe('127.1.1.4');
  });
});
