// `lab progress` end to end on the embedded cluster with the workshop's real labs: grade 01 and 05 as
// a learner would (the shipped exercises), then the record shows both, survives `lab reset` and a
// cluster restart, and --json prints the same.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const LAB = fileURLToPath(new URL('../bin/lab.mjs', import.meta.url));
const state = mkdtempSync(join(tmpdir(), 'lab-progress-e2e-'));

function lab(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [LAB, ...args],
      {
        // Not CI: a learner's grade (CI grades as untrusted, which changes nothing here but the policy).
        env: { ...process.env, CI: '', NO_COLOR: '1', WORKSHOP_STATE_DIR: state, LANG: 'C' },
        timeout: 150_000,
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

afterAll(async () => {
  await lab(['cluster', 'down', '--runtime', 'sim']);
  rmSync(state, { recursive: true, force: true });
});

describe('lab progress', () => {
  it('shows the labs graded with their scores, after a reset and a cluster restart too', async () => {
    const empty = await lab(['progress', '--json']);
    expect(empty.code).toBe(0);
    expect(JSON.parse(empty.stdout)).toMatchObject({ next: '01', nextStep: 'npx lab start 01' });

    for (const id of ['01', '05']) {
      expect((await lab(['start', id, '--runtime', 'sim'])).code).toBe(0);
      expect((await lab(['grade', id])).code).toBe(1);
    }
    // The reference solution is not the learner's work: it leaves the record alone.
    expect((await lab(['grade', '01', '--solution'])).code).toBe(0);

    const before = JSON.parse((await lab(['progress', '--json'])).stdout) as {
      labs: Array<{ lab: string; best: number | null; maxScore: number; attempts: number; passed: boolean }>;
      next: string;
    };
    const byId = new Map(before.labs.map((row) => [row.lab, row]));
    for (const id of ['01', '05']) {
      const row = byId.get(id);
      expect(row?.attempts).toBe(1);
      expect(row?.passed).toBe(false);
      expect(row?.best).toBeGreaterThanOrEqual(0);
      expect(row?.best).toBeLessThan(row?.maxScore ?? 0);
    }
    expect(byId.get('08')?.attempts).toBe(0);
    expect(before.next).toBe('01');

    expect((await lab(['reset', '01'])).code).toBe(0);
    expect((await lab(['cluster', 'down'])).code).toBe(0);
    const text = await lab(['progress']);
    expect(text.code).toBe(0);
    for (const id of ['01', '05']) {
      const row = byId.get(id);
      expect(text.stdout).toMatch(new RegExp(`^ … ${id} .*  ${row?.best}/${row?.maxScore}  last `, 'm'));
    }
    expect(text.stdout).toMatch(/^ {3}08 /m);
    expect(text.stdout).toContain('0 of ');
    expect(text.stdout).toContain('Next: npx lab grade 01');
  }, 300_000);
});
