import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff.ts';

describe('Backoff', () => {
  it('restarts at once the first time, then waits 10 s doubling up to 5 minutes', () => {
    const b = new Backoff();
    expect(Array.from({ length: 8 }, () => b.next())).toEqual([
      0, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000,
    ]);
    expect(b.describe()).toBe('5m0s');
  });

  it('scales for tests', () => {
    const b = new Backoff(0.01);
    b.next();
    expect(b.next()).toBe(100);
    expect(b.describe()).toBe('10s');
  });

  it('starts over after a run of 10 minutes', () => {
    const b = new Backoff();
    b.next();
    b.next();
    b.next();
    expect(b.next(600_000)).toBe(0);
  });
});
