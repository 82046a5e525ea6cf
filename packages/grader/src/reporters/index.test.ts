import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { GradeReport } from '../report.ts';
import { writeReports } from './index.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function report(): GradeReport {
  return {
    lab: '01',
    title: 'A Service for the backend',
    lang: 'en',
    submission: 'labs/01-clusterip/exercise',
    notes: [],
    startedAt: '2026-12-04T00:00:00.000Z',
    score: 3,
    maxScore: 5,
    passed: false,
    stage: 'checks',
    files: ['labs/01-clusterip/exercise/service.yaml'],
    diagnostics: [],
    checks: [
      {
        id: 'one',
        title: 'Endpoints exist',
        section: 'endpoints',
        status: 'passed',
        points: 3,
        maxPoints: 3,
        hint: '',
        hintLevels: 1,
        durationMs: 5,
      },
      {
        id: 'two',
        title: 'Traffic reaches the Pods',
        status: 'failed',
        points: 0,
        maxPoints: 2,
        message: 'connection refused',
        hint: 'look at targetPort',
        section: 'ports',
        hintLevels: 2,
        durationMs: 5,
      },
    ],
    durationMs: 1200,
  } as GradeReport;
}

function sink() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk) => (text += chunk));
  return { stream, text: () => text };
}

function run(reporters: Parameters<typeof writeReports>[1]['reporters'], json = false) {
  const resultsDir = mkdtempSync(join(tmpdir(), 'reporters-'));
  dirs.push(resultsDir);
  const out = sink();
  const err = sink();
  const written = writeReports(report(), {
    reporters,
    resultsDir,
    json,
    env: { NO_COLOR: '1' },
    stdout: out.stream,
    stderr: err.stream,
  });
  return { resultsDir, written, stdout: out.text(), stderr: err.text() };
}

describe('writeReports', () => {
  it('keeps the scorecard when another reporter is chosen, and says where the JUnit file went', () => {
    const { stdout, resultsDir, written } = run(['junit']);
    expect(stdout).toContain('Traffic reaches the Pods');
    expect(stdout).toContain('hint: look at targetPort');
    const junit = join(resultsDir, '01.junit.xml');
    expect(written).toContain(junit);
    expect(stdout).toContain(`JUnit report: ${junit}\n`);
    expect(readFileSync(junit, 'utf8')).toContain('<testsuite');
  });

  it('names the classroom result file and the JSON report when asked for them', () => {
    const { stdout, resultsDir } = run(['classroom', 'json']);
    expect(stdout).toContain('Traffic reaches the Pods');
    expect(stdout).toContain(`classroom result: ${join(resultsDir, '01.classroom.json')}\n`);
    expect(stdout).toContain(`JSON report: ${join(resultsDir, '01.json')}\n`);
  });

  it('with --json prints only the report on stdout, the scorecard on stderr', () => {
    const { stdout, stderr } = run(['console'], true);
    expect(JSON.parse(stdout)).toMatchObject({ lab: '01', score: 3, maxScore: 5 });
    expect(stderr).toContain('Traffic reaches the Pods');
  });
});
