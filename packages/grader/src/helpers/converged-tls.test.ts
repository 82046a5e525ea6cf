import type { KubeObject } from '@workshop/kube';
import { generateSelfSigned } from '@workshop/sim/ingress/tls/self-signed.ts';
import { describe, expect, it } from 'vitest';
import { readTlsSecret } from './converged-tls.ts';

const myapp = generateSelfSigned({ commonName: 'myapp.example.com', dnsNames: ['myapp.example.com'] });
const other = generateSelfSigned({ commonName: 'admin.example.com', dnsNames: ['admin.example.com'] });
const b64 = (text: string) => Buffer.from(text).toString('base64');

function secret(data: Record<string, string>, type?: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'myapp-tls' },
    ...(type ? { type } : {}),
    data,
  } as KubeObject;
}

describe('readTlsSecret', () => {
  it('reads the names of a usable pair, whatever the type says (a controller reads only the keys)', () => {
    const read = readTlsSecret(secret({ 'tls.crt': b64(myapp.certPem), 'tls.key': b64(myapp.keyPem) }));
    expect(read).toMatchObject({ type: 'Opaque', names: ['myapp.example.com'] });
    expect(read.problem).toBeUndefined();
  });

  it('says which key is missing or empty', () => {
    expect(readTlsSecret(secret({ 'tls.crt': b64(myapp.certPem) }, 'kubernetes.io/tls')).problem).toBe(
      'Secret "myapp-tls" has no tls.key key',
    );
    expect(readTlsSecret(secret({ 'tls.crt': '', 'tls.key': '' })).problem).toBe(
      'Secret "myapp-tls" has an empty tls.crt and tls.key',
    );
  });

  it('refuses text that is not PEM, and a key that belongs to another certificate', () => {
    expect(readTlsSecret(secret({ 'tls.crt': b64('hello'), 'tls.key': b64(myapp.keyPem) })).problem).toBe(
      'Secret "myapp-tls" tls.crt is not a PEM certificate',
    );
    const mixed = readTlsSecret(secret({ 'tls.crt': b64(myapp.certPem), 'tls.key': b64(other.keyPem) }));
    expect(mixed.problem).toBe('Secret "myapp-tls" tls.key is not the key of its certificate');
  });
});
