// Self-signed certificates: Traefik's default certificate (CN `TRAEFIK DEFAULT CERT`, served when no
// Secret matches the SNI name) and test certificates. Node can make keys but not X.509 certificates,
// so node-forge lays them out; the RSA key and the signature come from node:crypto (much faster).
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';
import { serialNumber, signCertificate } from '../../core/x509-sign.ts';

export interface CertificatePair {
  certPem: string;
  keyPem: string;
}

export interface SelfSignedOptions {
  commonName: string;
  dnsNames?: string[];
  /** Validity in days from now (default 365). */
  days?: number;
}

export function generateSelfSigned(options: SelfSignedOptions): CertificatePair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicPem);
  cert.serialNumber = serialNumber();
  const now = new Date();
  cert.validity.notBefore = new Date(now.getTime() - 60_000);
  cert.validity.notAfter = new Date(now.getTime() + (options.days ?? 365) * 86_400_000);
  const subject = [{ name: 'commonName', value: options.commonName }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  const dnsNames = options.dnsNames ?? [];
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', serverAuth: true },
    ...(dnsNames.length > 0
      ? [{ name: 'subjectAltName', altNames: dnsNames.map((value) => ({ type: 2, value })) }]
      : []),
  ]);
  signCertificate(cert, privateKey);
  return { certPem: forge.pki.certificateToPem(cert), keyPem };
}

export const DEFAULT_CERT_COMMON_NAME = 'TRAEFIK DEFAULT CERT';

/** Like Traefik's: CN `TRAEFIK DEFAULT CERT`, one random `<hex>.<hex>.traefik.default` DNS name. */
export function generateDefaultCertificate(): CertificatePair {
  const digest = createHash('sha256').update(randomBytes(100)).digest('hex');
  const name = `${digest.slice(0, 32)}.${digest.slice(32)}.traefik.default`;
  return generateSelfSigned({ commonName: DEFAULT_CERT_COMMON_NAME, dnsNames: [name] });
}
