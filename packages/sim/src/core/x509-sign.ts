// Signs a node-forge certificate with a node:crypto key: forge lays out the X.509 structure, the
// RSA signature is native (forge's JavaScript RSA costs ~50 ms per certificate on every start).
import { type KeyObject, randomBytes, sign } from 'node:crypto';
import forge from 'node-forge';

/** What forge's `cert.sign(key, sha256)` does, with the signature computed by node:crypto. */
export function signCertificate(cert: forge.pki.Certificate, privateKey: KeyObject): void {
  const algorithm = forge.pki.oids.sha256WithRSAEncryption as string;
  cert.signatureOid = algorithm;
  cert.siginfo.algorithmOid = algorithm;
  // getTBSCertificate is public in forge but missing from @types/node-forge.
  const pki = forge.pki as typeof forge.pki & {
    getTBSCertificate(c: forge.pki.Certificate): forge.asn1.Asn1;
  };
  cert.tbsCertificate = pki.getTBSCertificate(cert);
  const tbs = Buffer.from(forge.asn1.toDer(cert.tbsCertificate).getBytes(), 'binary');
  cert.signature = sign('sha256', tbs, privateKey).toString('binary');
}

/**
 * 16 random bytes as hex for forge, written so that DER needs no padding byte: the first byte has its
 * top bit clear (a positive INTEGER) and is not zero (a leading zero before a byte below 0x80 is
 * "illegal padding" to OpenSSL, which then refuses the whole certificate).
 */
export function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x40;
  return bytes.toString('hex');
}
