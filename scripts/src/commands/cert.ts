// `lab cert <host…>`: a self-signed certificate for the TLS lab without an OpenSSL install. Writes
// tls.crt and tls.key (the file names `kubectl create secret tls` reads) and, with --secret, the
// kubernetes.io/tls Secret manifest itself. A file that is already there is backed up first.
import { X509Certificate } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { Command } from 'commander';
import { stringify } from 'yaml';
import { usageError } from '../errors.ts';
import type { Session } from '../session.ts';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Why `name` is not a host name a certificate can carry (`*.example.com` allowed), or undefined. */
export function hostProblem(name: string): string | undefined {
  const labels = (name.startsWith('*.') ? name.slice(2) : name).split('.');
  if (name.length > 253) return 'it is longer than 253 characters';
  if (/^[\d.]+$/.test(name)) return 'it is an IP address; give the host name the Ingress rule has';
  const bad = labels.find((l) => !DNS_LABEL.test(l) || l.length > 63);
  if (bad !== undefined)
    return `"${bad}" is not a DNS label (lower-case letters, digits and "-", at most 63, no "-" at either end)`;
  return undefined;
}

export interface CertFiles {
  cert: string;
  key: string;
  secret?: string;
  /** Files that were there before, and where each was copied to. */
  backedUp: Array<{ file: string; to: string }>;
  notAfter: string;
}

export interface WriteCertOptions {
  hosts: string[];
  outDir: string;
  /** Also write `secret-<name>.yaml`, a kubernetes.io/tls Secret holding the pair. */
  secretName?: string;
  days: number;
  /** Where earlier files are copied before they are replaced. */
  backupDir: string;
}

/** Makes the key pair and certificate (CN and SAN DNS names from `hosts`) and writes the files. */
export async function writeCertificate(options: WriteCertOptions): Promise<CertFiles> {
  // node-forge is loaded only when a certificate is made, not on every `lab` command.
  const { generateSelfSigned } = await import('@workshop/sim/ingress/tls/self-signed.ts');
  const [first = ''] = options.hosts;
  const pair = generateSelfSigned({ commonName: first, dnsNames: options.hosts, days: options.days });
  mkdirSync(options.outDir, { recursive: true });
  const files: Array<[string, string]> = [
    [join(options.outDir, 'tls.crt'), pair.certPem],
    [join(options.outDir, 'tls.key'), pair.keyPem],
  ];
  if (options.secretName) {
    const manifest = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: options.secretName },
      type: 'kubernetes.io/tls',
      data: {
        'tls.crt': Buffer.from(pair.certPem).toString('base64'),
        'tls.key': Buffer.from(pair.keyPem).toString('base64'),
      },
    };
    const header = `# A self-signed certificate for ${options.hosts.join(', ')}, made by npx lab cert.\n`;
    files.push([
      join(options.outDir, `secret-${options.secretName}.yaml`),
      header + stringify(manifest, { lineWidth: 0 }),
    ]);
  }
  const backedUp: CertFiles['backedUp'] = [];
  for (const [file] of files) {
    if (!existsSync(file)) continue;
    mkdirSync(options.backupDir, { recursive: true });
    const to = join(options.backupDir, relative(options.outDir, file));
    copyFileSync(file, to);
    backedUp.push({ file, to });
  }
  for (const [file, text] of files)
    writeFileSync(file, text, { mode: file.endsWith('.key') ? 0o600 : 0o644 });
  return {
    cert: files[0]?.[0] ?? '',
    key: files[1]?.[0] ?? '',
    secret: files[2]?.[0],
    backedUp,
    notAfter: new X509Certificate(pair.certPem).validTo,
  };
}

interface CertFlags {
  out: string;
  secret?: string;
  days: string;
}

export function certCommand(session: Session): Command {
  return new Command('cert')
    .argument('<host...>', 'the host name(s) the certificate is for, e.g. myapp.example.com')
    .description(
      'write a self-signed certificate (tls.crt) and its key (tls.key) for the TLS lab, no OpenSSL needed',
    )
    .option('--out <dir>', 'the folder to write them to', '.')
    .option('--secret <name>', 'also write secret-<name>.yaml: a kubernetes.io/tls Secret holding them')
    .option('--days <n>', 'how long the certificate is valid', '365')
    .action(async (hosts: string[], flags: CertFlags) => {
      const names = hosts.map((h) => h.toLowerCase());
      for (const name of names) {
        const problem = hostProblem(name);
        if (problem) throw usageError(`"${name}" is not a host name for a certificate: ${problem}`);
      }
      const days = Number(flags.days);
      if (!Number.isInteger(days) || days < 1 || days > 36500)
        throw usageError(`--days must be a whole number of days from 1 to 36500, got "${flags.days}"`);
      if (flags.secret !== undefined && (hostProblem(flags.secret) || flags.secret.startsWith('*')))
        throw usageError(
          `--secret "${flags.secret}" is not a Secret name: use lower-case letters, digits, "-" and ".", e.g. myapp-tls`,
        );
      // npx runs a workspace's bin from that workspace's folder; INIT_CWD is where the learner was.
      const cwd = session.env.INIT_CWD ?? process.cwd();
      const outDir = resolve(cwd, flags.out);
      const backupDir = join(
        session.workshopDir ?? join(session.repoRoot, '.workshop'),
        'backups',
        `cert-${new Date().toISOString().replace(/[:.]/g, '-')}`,
      );
      const written = await writeCertificate({
        hosts: names,
        outDir,
        secretName: flags.secret,
        days,
        backupDir,
      });
      const show = (path: string) => {
        const near = relative(cwd, path);
        return near.startsWith('..') ? path : near || '.';
      };
      const { info } = session.progress;
      for (const { file, to } of written.backedUp) info(`backed up ${show(file)} to ${show(to)}`);
      info(
        `wrote ${show(written.cert)}: a self-signed certificate for ${names.join(', ')}, valid until ${written.notAfter}`,
      );
      info(`wrote ${show(written.key)}: its private key`);
      if (written.secret) {
        info(`wrote ${show(written.secret)}: Secret ${flags.secret}, type kubernetes.io/tls, with both`);
      } else {
        info(
          `next: kubectl create secret tls <name> --cert=${show(written.cert)} --key=${show(written.key)}`,
        );
      }
    });
}
