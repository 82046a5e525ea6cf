import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { createServer, request } from 'node:https';
import { describe, expect, it } from 'vitest';
import { generateServingCertificate } from './serving-cert.ts';

describe('the serving certificate', () => {
  it('is a self-signed kube-apiserver certificate for the given names and IPs, signed by its own key', () => {
    const { certPem, keyPem } = generateServingCertificate({
      ips: ['127.0.0.1'],
      dnsNames: ['localhost', 'kubernetes.default.svc'],
    });
    const cert = new X509Certificate(certPem);
    expect(cert.subject).toBe('CN=kube-apiserver');
    expect(cert.issuer).toBe('CN=kube-apiserver');
    expect(cert.subjectAltName).toBe('DNS:localhost, DNS:kubernetes.default.svc, IP Address:127.0.0.1');
    expect(cert.ca).toBe(false);
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(cert.verify(cert.publicKey)).toBe(true);
    // The key in keyPem is the one the certificate carries.
    const publicOfKey = createPublicKey(createPrivateKey(keyPem)).export({ type: 'spki', format: 'der' });
    expect(Buffer.compare(publicOfKey, cert.publicKey.export({ type: 'spki', format: 'der' }))).toBe(0);
    expect(new Date(cert.validFrom).getTime()).toBeLessThanOrEqual(Date.now());
    expect(new Date(cert.validTo).getTime()).toBeGreaterThan(Date.now() + 300 * 86_400_000);
  });

  it('serves TLS that a client accepts when it pins the certificate', async () => {
    const { certPem, keyPem } = generateServingCertificate({ ips: ['127.0.0.1'], dnsNames: ['localhost'] });
    const server = createServer({ cert: certPem, key: keyPem }, (_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as { port: number }).port;
      const body = await new Promise<string>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: '/', ca: certPem }, (res) => {
          let text = '';
          res.on('data', (chunk) => (text += chunk));
          res.on('end', () => resolve(text));
        });
        req.on('error', reject);
        req.end();
      });
      expect(body).toBe('ok');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
