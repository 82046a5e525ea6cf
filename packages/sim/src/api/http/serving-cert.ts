// The API server's serving certificate. kubectl (client-go) never sends a bearer token over plain
// http, so token auth needs TLS; the kubeconfig then sets insecure-skip-tls-verify, as for a
// self-signed dev cluster. node-forge lays out the X.509 structure; the RSA key and the signature
// come from node:crypto (native: forge's JavaScript RSA signing cost ~50 ms of every daemon start).
import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';
import { serialNumber, signCertificate } from '../../core/x509-sign.ts';

export interface ServingCertificate {
  certPem: string;
  keyPem: string;
}

export function generateServingCertificate(options: {
  ips: string[];
  dnsNames: string[];
}): ServingCertificate {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  cert.serialNumber = serialNumber();
  const now = Date.now();
  cert.validity.notBefore = new Date(now - 60_000);
  cert.validity.notAfter = new Date(now + 365 * 86_400_000);
  const subject = [{ name: 'commonName', value: 'kube-apiserver' }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        ...options.dnsNames.map((value) => ({ type: 2, value })),
        ...options.ips.map((ip) => ({ type: 7, ip })),
      ],
    },
  ]);
  signCertificate(cert, privateKey);
  return { certPem: forge.pki.certificateToPem(cert), keyPem };
}
