import { describe, expect, it } from 'vitest';
import { Balancer } from './balancer.ts';

const backends = [
  { ip: '127.244.0.2', port: 8080 },
  { ip: '127.244.0.3', port: 8080 },
  { ip: '127.244.0.4', port: 8080 },
];

describe('Balancer', () => {
  it('picks uniformly at random per connection, as iptables mode does', () => {
    const values = [0, 0.34, 0.99];
    const balancer = new Balancer({ random: () => values.shift() ?? 0 });
    expect([1, 2, 3].map(() => balancer.pick(backends, '127.0.0.1')?.ip)).toEqual([
      '127.244.0.2',
      '127.244.0.3',
      '127.244.0.4',
    ]);
  });

  it('reaches every backend over many connections with the real random source', () => {
    const balancer = new Balancer();
    const seen = new Set(Array.from({ length: 200 }, () => balancer.pick(backends, '127.0.0.1')?.ip));
    expect(seen.size).toBe(3);
  });

  it('returns nothing when there is no ready backend, so the connection is rejected', () => {
    expect(new Balancer().pick([], '127.0.0.1')).toBeUndefined();
  });

  it('pins a client to its backend with ClientIP affinity until it has been idle for the timeout', () => {
    let now = 0;
    let r = 0;
    const balancer = new Balancer({ now: () => now, random: () => [0, 0.5, 0.9][r++ % 3] ?? 0 });
    const first = balancer.pick(backends, '127.0.0.9', 10);
    now = 9_000;
    expect(balancer.pick(backends, '127.0.0.9', 10)).toEqual(first);
    now = 18_000; // 9 s after the last use: still pinned
    expect(balancer.pick(backends, '127.0.0.9', 10)).toEqual(first);
    now = 29_000; // idle 11 s: a new choice
    expect(balancer.pick(backends, '127.0.0.9', 10)).not.toEqual(first);
  });

  it('moves a pinned client when its backend is no longer ready', () => {
    const balancer = new Balancer({ random: () => 0 });
    expect(balancer.pick(backends, '127.0.0.9', 100)?.ip).toBe('127.244.0.2');
    expect(balancer.pick(backends.slice(1), '127.0.0.9', 100)?.ip).toBe('127.244.0.3');
  });
});
