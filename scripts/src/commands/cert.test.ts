import { execFile } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { hostProblem, writeCertificate } from './cert.ts';

const LAB = fileURLToPath(new URL('../../bin/lab.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'lab-cert-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function lab(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [LAB, ...args],
      { env: { ...process.env, CI: '1', NO_COLOR: '1', WORKSHOP_STATE_DIR: join(dir, 'state'), ...env } },
      (error, _stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stderr }),
    );
  });
}

describe('lab cert', () => {
  it('writes a certificate for the host (CN and subjectAltName), its matching key, and the TLS Secret', async () => {
    const out = join(dir, 'pair');
    const files = await writeCertificate({
      hosts: ['myapp.example.com', '*.apps.example.com'],
      outDir: out,
      secretName: 'myapp-tls',
      days: 30,
      backupDir: join(dir, 'backup-1'),
    });
    const cert = new X509Certificate(readFileSync(files.cert));
    expect(cert.subject).toBe('CN=myapp.example.com');
    expect(cert.subjectAltName).toBe('DNS:myapp.example.com, DNS:*.apps.example.com');
    expect(cert.checkPrivateKey(createPrivateKey(readFileSync(files.key)))).toBe(true);
    expect(statSync(files.key).mode & 0o777).toBe(0o600);
    const secret = parse(readFileSync(join(out, 'secret-myapp-tls.yaml'), 'utf8'));
    expect(secret).toMatchObject({ apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/tls' });
    expect(secret.metadata).toEqual({ name: 'myapp-tls' });
    expect(Buffer.from(secret.data['tls.crt'], 'base64').toString()).toBe(readFileSync(files.cert, 'utf8'));
    expect(Buffer.from(secret.data['tls.key'], 'base64').toString()).toBe(readFileSync(files.key, 'utf8'));
    expect(files.backedUp).toEqual([]);
  });

  it('backs up the files it replaces, so nothing the learner had is lost', async () => {
    const out = join(dir, 'again');
    await writeCertificate({ hosts: ['a.example.com'], outDir: out, days: 1, backupDir: join(dir, 'b0') });
    writeFileSync(join(out, 'tls.crt'), 'mine');
    const files = await writeCertificate({
      hosts: ['b.example.com'],
      outDir: out,
      days: 1,
      backupDir: join(dir, 'b1'),
    });
    expect(files.backedUp.map((b) => b.to)).toEqual([join(dir, 'b1', 'tls.crt'), join(dir, 'b1', 'tls.key')]);
    expect(readFileSync(join(dir, 'b1', 'tls.crt'), 'utf8')).toBe('mine');
    expect(new X509Certificate(readFileSync(files.cert)).subject).toBe('CN=b.example.com');
  });

  it('says why a name cannot go in a certificate', () => {
    expect(hostProblem('myapp.example.com')).toBeUndefined();
    expect(hostProblem('*.example.com')).toBeUndefined();
    expect(hostProblem('10.0.0.1')).toMatch(/IP address/);
    expect(hostProblem('my_app.example.com')).toMatch(/"my_app" is not a DNS label/);
    expect(hostProblem('-a.example.com')).toMatch(/not a DNS label/);
  });

  it('writes where the learner ran npx (INIT_CWD), and refuses bad input with one line (exit 2)', async () => {
    const here = join(dir, 'learner');
    const run = await lab(['cert', 'myapp.example.com', '--out', 'certs'], { INIT_CWD: here });
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(join(here, 'certs', 'tls.crt'))).toBe(true);
    expect(run.stderr).toContain('wrote certs/tls.crt: a self-signed certificate for myapp.example.com');
    expect(run.stderr).toContain(
      'next: kubectl create secret tls <name> --cert=certs/tls.crt --key=certs/tls.key',
    );
    const bad = await lab(['cert', 'My_App.example.com']);
    expect(bad).toEqual({
      code: 2,
      stderr:
        'lab: "my_app.example.com" is not a host name for a certificate: "my_app" is not a DNS label (lower-case letters, digits and "-", at most 63, no "-" at either end)\n',
    });
    const days = await lab(['cert', 'a.example.com', '--days', '0']);
    expect(days.code).toBe(2);
    expect(days.stderr).toBe('lab: --days must be a whole number of days from 1 to 36500, got "0"\n');
  });
});
