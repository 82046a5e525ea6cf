import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collectResults, formatCsv, formatMarkdown, learnerOf } from './class-report.ts';

const root = mkdtempSync(join(tmpdir(), 'lab-class-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function report(lab: string, score: number, maxScore: number, at: string, failed: string[] = []) {
  return {
    lab,
    title: lab === '01' ? 'Why Services exist' : 'NodePort',
    lang: 'en',
    submission: `labs/${lab}/exercise`,
    files: [],
    stage: failed.length && score === 0 ? 'lint' : 'checks',
    score,
    maxScore,
    passed: score === maxScore,
    checks: [{ id: 'service-type', status: 'passed' }, ...failed.map((id) => ({ id, status: 'failed' }))],
    diagnostics: [],
    notes: [],
    startedAt: at,
    durationMs: 1000,
  };
}

function put(path: string, data: unknown): void {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), typeof data === 'string' ? data : JSON.stringify(data));
}

put('alice/.workshop/results/01.json', report('01', 10, 10, '2026-03-02T09:10:00.000Z'));
put('alice/.workshop/results/01.classroom.json', { version: 1, points: 10 });
put('alice/.workshop/results/05.json', report('05', 3, 9, '2026-03-02T09:30:00.000Z', ['traffic']));
put('bob/results/01.json', report('01', 4, 10, '2026-03-02T09:05:00.000Z', ['ports', 'endpoints']));
// Bob graded 01 again later: the later grade counts.
put('bob-rerun/bob/01.json', report('01', 6, 10, '2026-03-02T09:40:00.000Z', ['endpoints']));
put('carol/results/01.json', '{ broken');

describe('a class report', () => {
  it('names the learner by the folder above results/ and .workshop/', () => {
    expect(learnerOf(join(root, 'alice/.workshop/results/01.json'), root)).toBe('alice');
    expect(learnerOf(join(root, 'bob/results/01.json'), root)).toBe('bob');
  });

  it('keeps each learner’s latest grade per lab and reports what it could not read', () => {
    const { rows, problems } = collectResults([root], root);
    expect(rows.map((r) => [r.lab, r.learner, r.score])).toEqual([
      ['01', 'alice', 10],
      ['01', 'bob', 6],
      ['05', 'alice', 3],
    ]);
    expect(problems).toEqual([expect.stringMatching(/^carol\/results\/01\.json: not JSON/)]);
  });

  it('prints one Markdown table per lab with the class summary', () => {
    const md = formatMarkdown(collectResults([root], root).rows);
    expect(md).toContain('## Lab 01: Why Services exist\n\n2 learners, 1 at full marks, mean 8.0/10\n');
    expect(md).toContain('| alice | 10/10 | ✓ | checks | — | 2026-03-02 09:10 |');
    expect(md).toContain('| bob | 6/10 | ✗ | checks | endpoints | 2026-03-02 09:40 |');
    expect(md).toContain('## Lab 05: NodePort\n\n1 learner, 0 at full marks, mean 3.0/9\n');
  });

  it('prints CSV with one row per learner and lab', () => {
    const csv = formatCsv(collectResults([root], root).rows).split('\n');
    expect(csv[0]).toBe('lab,learner,score,maxScore,passed,stage,failedChecks,gradedAt,file');
    expect(csv[2]).toBe('01,bob,6,10,false,checks,endpoints,2026-03-02T09:40:00.000Z,bob-rerun/bob/01.json');
    expect(csv).toHaveLength(5);
  });
});
