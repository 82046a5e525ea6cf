import { describe, expect, it } from 'vitest';
import { rewriteListenArgs, toRealListenArgs } from './listen-args.ts';

const ip = '127.244.0.7';
const cb = () => {};

describe('rewriteListenArgs', () => {
  it('binds the Pod IP when no host is given', () => {
    expect(rewriteListenArgs([8080], ip)).toEqual([8080, ip]);
    expect(rewriteListenArgs([8080, cb], ip)).toEqual([8080, ip, cb]);
    expect(rewriteListenArgs([], ip)).toEqual([0, ip]);
    expect(rewriteListenArgs([cb], ip)).toEqual([0, ip, cb]);
  });

  it('replaces the wildcard addresses', () => {
    expect(rewriteListenArgs([8080, '0.0.0.0', cb], ip)).toEqual([8080, ip, cb]);
    expect(rewriteListenArgs([8080, '::'], ip)).toEqual([8080, ip]);
    expect(rewriteListenArgs([{ port: 8080 }, cb], ip)).toEqual([
      { port: 8080, host: ip, ipv6Only: false },
      cb,
    ]);
    expect(rewriteListenArgs([{ port: 8080, host: '::' }], ip)).toEqual([
      { port: 8080, host: ip, ipv6Only: false },
    ]);
  });

  it('keeps an explicit address, a pipe path and a handle', () => {
    expect(rewriteListenArgs([8080, '127.0.0.1'], ip)).toEqual([8080, '127.0.0.1']);
    expect(rewriteListenArgs(['/tmp/app.sock'], ip)).toEqual(['/tmp/app.sock']);
    expect(rewriteListenArgs([{ path: '/tmp/x.sock' }], ip)).toEqual([{ path: '/tmp/x.sock' }]);
    expect(rewriteListenArgs([{ fd: 3 }], ip)).toEqual([{ fd: 3 }]);
  });

  it('keeps a backlog argument after the inserted host', () => {
    expect(rewriteListenArgs([8080, 511, cb], ip)).toEqual([8080, ip, 511, cb]);
  });
});

describe('toRealListenArgs', () => {
  it('moves a Pod IP listener to 127.0.0.1 at an ephemeral port and keeps the asked port', () => {
    expect(toRealListenArgs([8080, ip, cb], ip, '127.0.0.1')).toEqual({
      args: [0, '127.0.0.1', cb],
      virtualPort: 8080,
    });
    expect(toRealListenArgs([{ port: 9000, host: ip, ipv6Only: false }, cb], ip, '127.0.0.1')).toEqual({
      args: [{ port: 0, host: '127.0.0.1', ipv6Only: false }, cb],
      virtualPort: 9000,
    });
    expect(toRealListenArgs(['8443', ip, 511], ip, '127.0.0.1')).toEqual({
      args: [0, '127.0.0.1', 511],
      virtualPort: 8443,
    });
    expect(toRealListenArgs([0, ip], ip, '127.0.0.1')?.virtualPort).toBe(0);
  });

  it('leaves other addresses, pipes and handles alone', () => {
    expect(toRealListenArgs([8080, '127.0.0.1'], ip, '127.0.0.1')).toBeUndefined();
    expect(toRealListenArgs(['/tmp/app.sock'], ip, '127.0.0.1')).toBeUndefined();
    expect(toRealListenArgs([{ fd: 3 }], ip, '127.0.0.1')).toBeUndefined();
  });
});
