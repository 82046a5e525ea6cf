// The API server's serving certificate. kubectl (client-go) never sends a bearer token over plain
// http, so token auth needs TLS; the kubeconfig then sets insecure-skip-tls-verify, as for a
// self-signed dev cluster. node-forge lays out the X.509 structure; the RSA key and the signature
// come from node:crypto (native: forge's JavaScript RSA signing cost ~50 ms of every daemon start).
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import forge from 'node-forge';

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
  cert.serialNumber = `0${randomBytes(15).toString('hex')}`;
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
  // What forge's cert.sign does, with the signature computed natively.
  const algorithm = forge.pki.oids.sha256WithRSAEncryption as string;
  cert.signatureOid = algorithm;
  cert.siginfo.algorithmOid = algorithm;
  // (getTBSCertificate is public in forge but missing from @types/node-forge.)
  const pki = forge.pki as typeof forge.pki & {
    getTBSCertificate(c: forge.pki.Certificate): forge.asn1.Asn1;
  };
  cert.tbsCertificate = pki.getTBSCertificate(cert);
  const tbs = Buffer.from(forge.asn1.toDer(cert.tbsCertificate).getBytes(), 'binary');
  cert.signature = sign('sha256', tbs, privateKey).toString('binary');
  return { certPem: forge.pki.certificateToPem(cert), keyPem };
}
