// Which certificate the HTTPS entry point presents for a host name (SNI), and whether it is the one
// in the lab's TLS Secret.
import { X509Certificate } from 'node:crypto';
import { connect } from 'node:tls';
import type { CheckEnv } from '../env.ts';
import { CheckFailure, listText } from '../failure.ts';
import { requireObject } from './objects.ts';

export interface ServedCertificate {
  subject: string;
  issuer: string;
  /** DNS names from subjectAltName. */
  dnsNames: string[];
  validTo: string;
  /** SHA-256 fingerprint, `AB:CD:…` */
  fingerprint256: string;
}

/** Opens a TLS connection to the HTTPS entry point with SNI `host` and reads the served certificate. */
export function servedCertificate(ctx: CheckEnv, host: string, timeoutMs = 5000): Promise<ServedCertificate> {
  const url = new URL(ctx.entryPoints.https);
  return new Promise((resolve, reject) => {
    const socket = connect({
      host: url.hostname,
      port: Number(url.port || 443),
      servername: host,
      rejectUnauthorized: false,
      timeout: timeoutMs,
    });
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate();
      socket.destroy();
      if (!cert?.raw)
        return reject(new Error(`${ctx.entryPoints.https} presented no certificate for ${host}`));
      const x509 = new X509Certificate(cert.raw);
      resolve({
        subject: x509.subject.replace(/\n/g, ', '),
        issuer: x509.issuer.replace(/\n/g, ', '),
        dnsNames: (x509.subjectAltName ?? '')
          .split(', ')
          .filter((s) => s.startsWith('DNS:'))
          .map((s) => s.slice(4)),
        validTo: x509.validTo,
        fingerprint256: x509.fingerprint256,
      });
    });
    socket.once('timeout', () =>
      socket.destroy(new Error(`no TLS handshake with ${ctx.entryPoints.https} within ${timeoutMs} ms`)),
    );
    socket.once('error', (error) =>
      reject(
        new Error(`TLS connection to ${ctx.entryPoints.https} (SNI ${host}) failed: ${error.message}`, {
          cause: error,
        }),
      ),
    );
  });
}

/** Whether a certificate DNS name covers `host` (a wildcard covers exactly one label). */
export function covers(dnsName: string, host: string): boolean {
  const name = dnsName.toLowerCase();
  const h = host.toLowerCase();
  if (!name.startsWith('*.')) return name === h;
  const dot = h.indexOf('.');
  return dot > 0 && h.slice(dot + 1) === name.slice(2);
}

/**
 * Checks that the HTTPS entry point presents, for SNI `host`, a certificate that covers `host` and,
 * with `secret`, is the certificate of that kubernetes.io/tls Secret. Polls: the controller needs a
 * moment to load a new Secret.
 */
export async function expectCertificate(
  ctx: CheckEnv,
  host: string,
  options: { secret?: string; timeoutMs?: number } = {},
): Promise<ServedCertificate> {
  let wantFingerprint: string | undefined;
  if (options.secret) {
    const secret = await requireObject(ctx, 'Secret', options.secret);
    const pem = Buffer.from(
      (secret.data as Record<string, string> | undefined)?.['tls.crt'] ?? '',
      'base64',
    ).toString('utf8');
    try {
      wantFingerprint = new X509Certificate(pem).fingerprint256;
    } catch (error) {
      throw new CheckFailure(
        `Secret "${options.secret}" has no readable certificate in tls.crt (${(error as Error).message})`,
        { expected: `a PEM certificate in Secret "${options.secret}" tls.crt`, observed: 'none that parses' },
        { cause: error },
      );
    }
  }
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    let observed: string;
    let cert: ServedCertificate | undefined;
    try {
      cert = await servedCertificate(ctx, host);
      const names = cert.dnsNames.length ? listText(cert.dnsNames) : `no DNS names (subject ${cert.subject})`;
      if (!cert.dnsNames.some((n) => covers(n, host))) observed = `a certificate for ${names}`;
      else if (wantFingerprint && cert.fingerprint256 !== wantFingerprint)
        observed = `a certificate for ${names} that is not the one in Secret "${options.secret}"`;
      else return cert;
    } catch (error) {
      observed = (error as Error).message;
    }
    if (Date.now() >= deadline) {
      const expected = `a certificate for ${host}${options.secret ? ` from Secret "${options.secret}"` : ''}`;
      throw new CheckFailure(`HTTPS for ${host} presented ${observed}; expected ${expected}`, {
        expected,
        observed,
      });
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}
