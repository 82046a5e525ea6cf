import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { progressPath, readProgress, recordGrade } from './record.ts';

const dirs: string[] = [];
function workshopDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lab-progress-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the progress record', () => {
  it('keeps the best score, the last one, the attempts and when full marks came first', () => {
    const dir = workshopDir();
    recordGrade(dir, { lab: '01', score: 3, maxScore: 10, passed: false, at: '2026-01-01T10:00:00.000Z' });
    recordGrade(dir, { lab: '01', score: 10, maxScore: 10, passed: true, at: '2026-01-01T10:05:00.000Z' });
    const entry = recordGrade(dir, {
      lab: '01',
      score: 4,
      maxScore: 10,
      passed: false,
      at: '2026-01-01T10:09:00.000Z',
    });
    expect(entry).toEqual({
      best: 10,
      maxScore: 10,
      last: 4,
      lastGradedAt: '2026-01-01T10:09:00.000Z',
      attempts: 3,
      passedAt: '2026-01-01T10:05:00.000Z',
    });
    expect(JSON.parse(readFileSync(progressPath(dir), 'utf8')).labs['01'].best).toBe(10);
  });

  it('starts again from an empty record when the file is missing or damaged', () => {
    const dir = workshopDir();
    expect(readProgress(dir)).toEqual({ version: 1, labs: {} });
    writeFileSync(progressPath(dir), '{ not json');
    expect(readProgress(dir)).toEqual({ version: 1, labs: {} });
    recordGrade(dir, { lab: '05', score: 1, maxScore: 9, passed: false, at: '2026-01-01T00:00:00.000Z' });
    expect(readProgress(dir).labs['05']?.attempts).toBe(1);
  });
});
