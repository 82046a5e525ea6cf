import { describe, expect, it } from 'vitest';
import { computeTemplateHash, equalIgnoreHash } from './template-hash.ts';

const template = {
  metadata: { labels: { app: 'web' } },
  spec: { containers: [{ name: 'app', image: 'workshop/backend:1.0' }] },
};

describe('pod template hash', () => {
  it('is stable, spelled with the safe alphabet, and changes with the template or the collision count', () => {
    const hash = computeTemplateHash(template);
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    expect(computeTemplateHash(structuredClone(template))).toBe(hash);
    const other = structuredClone(template);
    other.spec.containers[0] = { name: 'app', image: 'workshop/backend:2.0' };
    expect(computeTemplateHash(other)).not.toBe(hash);
    expect(computeTemplateHash(template, 1)).not.toBe(hash);
  });

  it('treats null, empty objects and the pod-template-hash label as absent, like the typed comparison', () => {
    const fromUndo = {
      metadata: { creationTimestamp: null, labels: { app: 'web', 'pod-template-hash': '5b7f9c' } },
      spec: { containers: [{ name: 'app', image: 'workshop/backend:1.0', resources: {} }] },
    };
    expect(equalIgnoreHash(fromUndo, template)).toBe(true);
    expect(equalIgnoreHash({ ...template, spec: { containers: [] } }, template)).toBe(false);
  });
});
