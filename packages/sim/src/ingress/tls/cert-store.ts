// The TLS store: certificates from the `kubernetes.io/tls` Secrets that served Ingresses name in
// spec.tls, chosen per connection by SNI against each certificate's own names (as Traefik does;
// spec.tls[].hosts is not used), falling back to the default certificate.

import { X509Certificate } from 'node:crypto';
import { createSecureContext, type SecureContext } from 'node:tls';
import type { KubeObject } from '../../core/types.ts';
import { normalizeHost, wildcardSuffix } from '../routing/host-match.ts';
import type { CertificatePair } from './self-signed.ts';

interface Entry {
  source: string;
  names: string[];
  context: SecureContext;
  fingerprint: string;
}

export interface TlsProblem {
  msg: string;
  secret: string;
}

function certificateNames(cert: X509Certificate): string[] {
  const names = new Set<string>();
  for (const part of (cert.subjectAltName ?? '').split(',')) {
    const trimmed = part.trim();
    if (trimmed.startsWith('DNS:')) names.add(trimmed.slice(4).toLowerCase());
  }
  const cn = /(?:^|\n)CN=([^\n]+)/.exec(cert.subject)?.[1];
  if (cn) names.add(cn.trim().toLowerCase());
  return [...names];
}

export class CertStore {
  private entries: Entry[] = [];
  private readonly defaultContext: SecureContext;
  readonly defaultPair: CertificatePair;

  constructor(defaultPair: CertificatePair) {
    this.defaultPair = defaultPair;
    this.defaultContext = createSecureContext({ cert: defaultPair.certPem, key: defaultPair.keyPem });
  }

  /** Reloads from the Secrets; `referenced` lists `namespace/name` of the Secrets served Ingresses use. */
  update(secrets: KubeObject[], referenced: string[]): TlsProblem[] {
    const problems: TlsProblem[] = [];
    const byKey = new Map(secrets.map((s) => [`${s.metadata.namespace}/${s.metadata.name}`, s]));
    const previous = new Map(this.entries.map((e) => [e.source, e]));
    const next: Entry[] = [];
    for (const key of [...new Set(referenced)].sort()) {
      const secret = byKey.get(key);
      if (!secret) {
        problems.push({ secret: key, msg: `secret ${key} does not exist` });
        continue;
      }
      const data = (secret.data ?? {}) as Record<string, string>;
      const missing = ['tls.crt', 'tls.key'].filter((k) => !(k in data));
      if (missing.length > 0) {
        problems.push({
          secret: key,
          msg: `secret ${key} is missing the following TLS data entries: ${missing.join(', ')}`,
        });
        continue;
      }
      const cert = Buffer.from(data['tls.crt'] ?? '', 'base64').toString();
      const keyPem = Buffer.from(data['tls.key'] ?? '', 'base64').toString();
      const fingerprint = `${cert}\n${keyPem}`;
      const old = previous.get(key);
      if (old && old.fingerprint === fingerprint) {
        next.push(old);
        continue;
      }
      try {
        const names = certificateNames(new X509Certificate(cert));
        next.push({ source: key, names, context: createSecureContext({ cert, key: keyPem }), fingerprint });
      } catch (error) {
        problems.push({
          secret: key,
          msg: `secret ${key} holds an unusable certificate or key: ${(error as Error).message}`,
        });
      }
    }
    this.entries = next;
    return problems;
  }

  /** The context for an SNI name: an exact certificate name first, then a one-label wildcard, else the default. */
  contextFor(servername: string | undefined): SecureContext {
    const host = normalizeHost(servername);
    if (host) {
      const exact = this.entries.find((e) => e.names.includes(host));
      if (exact) return exact.context;
      const suffix = wildcardSuffix(host);
      const wildcard = suffix ? this.entries.find((e) => e.names.includes(`*.${suffix}`)) : undefined;
      if (wildcard) return wildcard.context;
    }
    return this.defaultContext;
  }

  /** For `tls.createServer({ SNICallback })`. */
  readonly sniCallback = (
    servername: string,
    callback: (err: Error | null, ctx?: SecureContext) => void,
  ): void => {
    callback(null, this.contextFor(servername));
  };

  /** Certificate sources and their names, for logs and the debugging API. */
  describe(): Array<{ secret: string; names: string[] }> {
    return this.entries.map((e) => ({ secret: e.source, names: e.names }));
  }
}
