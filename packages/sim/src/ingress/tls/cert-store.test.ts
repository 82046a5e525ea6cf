import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { tlsSecret } from '../test-fixtures.ts';
import { CertStore } from './cert-store.ts';
import { DEFAULT_CERT_COMMON_NAME, generateDefaultCertificate, generateSelfSigned } from './self-signed.ts';

const defaultPair = generateDefaultCertificate();
const exact = generateSelfSigned({ commonName: 'myapp.example.com', dnsNames: ['myapp.example.com'] });
const wildcard = generateSelfSigned({ commonName: 'wild', dnsNames: ['*.apps.example.com'] });
const secrets = [
  tlsSecret('default', 'exact', exact.certPem, exact.keyPem),
  tlsSecret('default', 'wild', wildcard.certPem, wildcard.keyPem),
];

describe('CertStore', () => {
  const store = new CertStore(defaultPair);
  const problems = store.update(secrets, ['default/exact', 'default/wild', 'default/missing']);

  it('selects a certificate by its own names: exact first, then a one-label wildcard', () => {
    expect(store.contextFor('MyApp.Example.com')).not.toBe(store.contextFor('nothing.example.com'));
    expect(store.describe()).toEqual([
      { secret: 'default/exact', names: ['myapp.example.com'] },
      { secret: 'default/wild', names: ['*.apps.example.com', 'wild'] },
    ]);
    const wild = store.contextFor('a.apps.example.com');
    expect(wild).not.toBe(store.contextFor('apps.example.com'));
    expect(store.contextFor('a.b.apps.example.com')).toBe(store.contextFor(undefined));
  });

  it('reports a Secret that does not exist or lacks tls.key', () => {
    const broken = tlsSecret('default', 'broken', exact.certPem, exact.keyPem);
    delete (broken.data as Record<string, string>)['tls.key'];
    const more = new CertStore(defaultPair).update([...secrets, broken], ['default/broken']);
    expect(problems.map((p) => p.msg)).toEqual(['secret default/missing does not exist']);
    expect(more.map((p) => p.msg)).toEqual([
      'secret default/broken is missing the following TLS data entries: tls.key',
    ]);
  });

  it('makes a default certificate like Traefik: CN TRAEFIK DEFAULT CERT, a random *.traefik.default name', () => {
    const cert = new X509Certificate(defaultPair.certPem);
    expect(cert.subject).toBe(`CN=${DEFAULT_CERT_COMMON_NAME}`);
    expect(cert.subjectAltName).toMatch(/^DNS:[0-9a-f]{32}\.[0-9a-f]{32}\.traefik\.default$/);
  });
});
