// The certificate the HTTPS entry point presents for a host, judged once the controller has loaded
// the Secrets the stored Ingress names. A controller reloads a moment after a change and meanwhile
// presents what it had: so first predict, from the stored Ingress and Secrets, which certificate
// the controller should present (one of those Secrets' for the host, or none of them), wait briefly
// until it does, then judge. A submission whose certificate can never be presented fails at once
// instead of polling until a deadline.
import { createPrivateKey, X509Certificate } from 'node:crypto';
import type { KubeObject } from '@workshop/kube';
import type { CheckEnv } from '../env.ts';
import { CheckFailure, listText } from '../failure.ts';
import { requireObject } from './objects.ts';
import { covers, type ServedCertificate, servedCertificate } from './tls.ts';
import { waitOrFail } from './waits.ts';

/** What a Secret holds as a TLS pair, and what is wrong with it as one. */
export interface TlsSecretContents {
  type: string;
  cert?: X509Certificate;
  /** DNS names of the certificate (subjectAltName), else its CN, lower-case. */
  names: string[];
  /** Why a controller cannot serve this pair (missing or empty key, unreadable PEM, key of another certificate). */
  problem?: string;
}

function certificateNames(cert: X509Certificate): string[] {
  const dns = (cert.subjectAltName ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.startsWith('DNS:'))
    .map((s) => s.slice(4).toLowerCase());
  if (dns.length) return dns;
  const cn = /(?:^|\n)CN=([^\n]+)/.exec(cert.subject)?.[1]?.trim().toLowerCase();
  return cn ? [cn] : [];
}

/** Reads `data[tls.crt]` and `data[tls.key]` as a controller does (it does not look at the type). */
export function readTlsSecret(secret: KubeObject): TlsSecretContents {
  const name = secret.metadata.name;
  const type = (secret as { type?: string }).type ?? 'Opaque';
  const data = ((secret as { data?: Record<string, string> }).data ?? {}) as Record<string, string>;
  const decoded = (key: string) =>
    Buffer.from(data[key] ?? '', 'base64')
      .toString('utf8')
      .trim();
  const missing = ['tls.crt', 'tls.key'].filter((k) => !(k in data));
  if (missing.length) return { type, names: [], problem: `Secret "${name}" has no ${listText(missing)} key` };
  const empty = ['tls.crt', 'tls.key'].filter((k) => decoded(k) === '');
  if (empty.length) return { type, names: [], problem: `Secret "${name}" has an empty ${listText(empty)}` };
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(decoded('tls.crt'));
  } catch {
    return { type, names: [], problem: `Secret "${name}" tls.crt is not a PEM certificate` };
  }
  const names = certificateNames(cert);
  try {
    if (!cert.checkPrivateKey(createPrivateKey(decoded('tls.key'))))
      return { type, cert, names, problem: `Secret "${name}" tls.key is not the key of its certificate` };
  } catch {
    return { type, cert, names, problem: `Secret "${name}" tls.key is not a PEM private key` };
  }
  return { type, cert, names };
}

export interface ConvergedCertificateOptions {
  /** The Secret whose certificate must be presented. */
  secret: string;
  /** How long the controller may take to load what the stored objects say (default 8 s). */
  convergeMs?: number;
}

interface Prediction {
  /** Fingerprints of the certificates the Ingress's Secrets offer for the host. */
  fingerprints: Set<string>;
  /** Why none of them is for the host, when none is. */
  why: string[];
}

async function predict(ctx: CheckEnv, ingress: KubeObject, host: string): Promise<Prediction> {
  const tls = ((ingress.spec as { tls?: Array<{ secretName?: string }> } | undefined)?.tls ?? []).filter(
    (entry) => entry.secretName,
  );
  const name = ingress.metadata.name;
  const fingerprints = new Set<string>();
  const why: string[] = [];
  if (!tls.length) why.push(`Ingress "${name}" names no Secret in spec.tls`);
  for (const { secretName } of tls) {
    const secret = await ctx.kube.get({
      apiVersion: 'v1',
      kind: 'Secret',
      namespace: ctx.namespace,
      name: secretName ?? '',
    });
    if (!secret) {
      why.push(
        `Ingress "${name}" names Secret "${secretName}" in spec.tls, which does not exist in ${ctx.namespace}`,
      );
      continue;
    }
    const contents = readTlsSecret(secret);
    if (contents.problem) why.push(contents.problem);
    else if (!contents.names.some((n) => covers(n, host)))
      why.push(`Secret "${secretName}" holds a certificate for ${listText(contents.names)}, not ${host}`);
    else if (contents.cert) fingerprints.add(contents.cert.fingerprint256);
  }
  return { fingerprints, why };
}

function describeServed(cert: ServedCertificate): string {
  if (/TRAEFIK DEFAULT CERT/.test(cert.subject))
    return `the controller's default certificate (${cert.subject})`;
  return `a certificate for ${cert.dnsNames.length ? listText(cert.dnsNames) : cert.subject}`;
}

/**
 * Checks that HTTPS with SNI `host` presents the certificate of Secret `options.secret`, once the
 * controller presents what Ingress `ingress` and its Secrets say it should.
 */
export async function expectConvergedCertificate(
  ctx: CheckEnv,
  ingress: string,
  host: string,
  options: ConvergedCertificateOptions,
): Promise<ServedCertificate> {
  const stored = await requireObject(ctx, 'Ingress', ingress);
  const wanted = readTlsSecret(await requireObject(ctx, 'Secret', options.secret));
  const prediction = await predict(ctx, stored, host);
  const served = await waitOrFail(
    `the ingress controller to present the certificate Ingress "${ingress}" names for ${host}`,
    async () => {
      let cert: ServedCertificate;
      try {
        cert = await servedCertificate(ctx, host, 3000);
      } catch (error) {
        return { done: false, seen: (error as Error).message };
      }
      const done = prediction.fingerprints.size
        ? prediction.fingerprints.has(cert.fingerprint256)
        : !cert.dnsNames.some((n) => covers(n, host));
      return done ? { done: true, value: cert } : { done: false, seen: describeServed(cert) };
    },
    { timeoutMs: options.convergeMs ?? 8000, intervalMs: 200 },
  )
    // A controller that disagrees with the prediction is judged by what it presents now.
    .catch(() => servedCertificate(ctx, host, 3000));
  const expected = `the certificate from Secret "${options.secret}"`;
  if (
    wanted.cert &&
    served.fingerprint256 === wanted.cert.fingerprint256 &&
    wanted.names.some((n) => covers(n, host))
  )
    return served;
  const reasons = [
    ...prediction.why,
    ...(wanted.problem && !prediction.why.includes(wanted.problem) ? [wanted.problem] : []),
  ];
  const observed = describeServed(served);
  throw new CheckFailure(
    `HTTPS for ${host} presented ${observed}; expected ${expected}${reasons.length ? `: ${reasons.join('; ')}` : ''}`,
    { expected, observed },
  );
}
