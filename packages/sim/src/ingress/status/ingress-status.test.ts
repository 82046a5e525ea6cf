import { describe, expect, it } from 'vitest';
import { service, state } from '../test-fixtures.ts';
import { desiredLoadBalancer } from './ingress-status.ts';

const config = {
  enabled: true,
  strictPrefixMatching: true,
  allowEmptyServices: true,
  allowExternalNameServices: false,
  ingressClass: '',
  publishedService: 'traefik/traefik',
  ip: '',
  hostname: '',
};
describe('desiredLoadBalancer', () => {
  it('copies the published Service load-balancer ingress when it has one', () => {
    const lb = service('traefik', 'traefik', [{ port: 80 }], 'LoadBalancer');
    lb.status = { loadBalancer: { ingress: [{ ip: '127.250.0.1', ipMode: 'VIP' }] } };
    expect(desiredLoadBalancer(state([lb]), config)).toEqual({
      ok: true,
      addresses: [{ ip: '127.250.0.1' }],
    });
  });

  it('publishes no address for a NodePort Service, as Traefik does (ADDRESS stays empty)', () => {
    const np = service('traefik', 'traefik', [{ port: 80 }], 'NodePort');
    expect(desiredLoadBalancer(state([np]), config)).toEqual({ ok: true, addresses: [] });
  });

  it('reports a missing published Service and a malformed reference', () => {
    expect(desiredLoadBalancer(state([]), config)).toEqual({
      ok: false,
      error: 'missing service: traefik/traefik',
    });
    expect(desiredLoadBalancer(state([]), { ...config, publishedService: 'traefik' })).toMatchObject({
      ok: false,
    });
  });

  it('uses ingressendpoint.ip when no Service is published', () => {
    expect(desiredLoadBalancer(state([]), { ...config, publishedService: '', ip: '10.0.0.1' })).toEqual({
      ok: true,
      addresses: [{ ip: '10.0.0.1' }],
    });
  });
});
