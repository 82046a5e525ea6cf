import { describe, expect, it } from 'vitest';
import { candidateNames, inClusterZone, searchDomains } from './search.ts';

describe('candidateNames', () => {
  it('tries a short name with every search suffix of the Pod namespace, then as-is', () => {
    expect(candidateNames('data', 'test')).toEqual([
      'data.test.svc.cluster.local',
      'data.svc.cluster.local',
      'data.cluster.local',
      'data',
    ]);
  });

  it('reaches another namespace through the second search entry', () => {
    expect(candidateNames('data.prod', 'test')[1]).toBe('data.prod.svc.cluster.local');
  });

  it('still tries a 4-dot FQDN with the suffixes first because ndots is 5', () => {
    const names = candidateNames('data.prod.svc.cluster.local', 'test');
    expect(names[0]).toBe('data.prod.svc.cluster.local.test.svc.cluster.local');
    expect(names.at(-1)).toBe('data.prod.svc.cluster.local');
  });

  it('treats a trailing dot as absolute', () => {
    expect(candidateNames('data.prod.svc.cluster.local.', 'test')).toEqual(['data.prod.svc.cluster.local']);
  });

  it('tries a name with 5 dots as-is first', () => {
    expect(candidateNames('a.b.c.d.e.f', 'x')[0]).toBe('a.b.c.d.e.f');
  });

  it('compares case-insensitively by lower-casing', () => {
    expect(candidateNames('API-Service', 'default')[0]).toBe('api-service.default.svc.cluster.local');
  });
});

describe('searchDomains and inClusterZone', () => {
  it('writes the search line the kubelet writes for ClusterFirst', () => {
    expect(searchDomains('lab-01')).toEqual([
      'lab-01.svc.cluster.local',
      'svc.cluster.local',
      'cluster.local',
    ]);
  });

  it('knows which names the cluster DNS answers for', () => {
    expect(inClusterZone('web.default.svc.cluster.local')).toBe(true);
    expect(inClusterZone('example.com')).toBe(false);
    expect(inClusterZone('notcluster.local')).toBe(false);
  });
});
