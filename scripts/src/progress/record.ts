// The learner's progress, kept in their checkout (`.workshop/progress.json`): for each lab the best
// score, the last grade and how many times it was graded. Only grades of the learner's own exercise
// count (not --solution, not another checkout's --dir). The file sits beside the cluster's state but
// nothing that resets a lab or restarts a cluster removes it.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface LabProgress {
  best: number;
  maxScore: number;
  last: number;
  lastGradedAt: string;
  attempts: number;
  /** When full marks were first reached. */
  passedAt?: string;
}

export interface ProgressFile {
  version: 1;
  labs: Record<string, LabProgress>;
}

export function progressPath(workshopDir: string): string {
  return join(workshopDir, 'progress.json');
}

/** The record, or an empty one when there is none yet or it cannot be read as one. */
export function readProgress(workshopDir: string): ProgressFile {
  try {
    const data = JSON.parse(readFileSync(progressPath(workshopDir), 'utf8')) as Partial<ProgressFile>;
    if (data && data.version === 1 && data.labs && typeof data.labs === 'object') {
      return { version: 1, labs: data.labs };
    }
  } catch {
    // Missing or damaged: start again rather than fail a grade over it.
  }
  return { version: 1, labs: {} };
}

export interface GradeOutcome {
  lab: string;
  score: number;
  maxScore: number;
  passed: boolean;
  at: string;
}

export function recordGrade(workshopDir: string, outcome: GradeOutcome): LabProgress {
  const file = readProgress(workshopDir);
  const before = file.labs[outcome.lab];
  const entry: LabProgress = {
    best: Math.max(before?.best ?? 0, outcome.score),
    maxScore: outcome.maxScore,
    last: outcome.score,
    lastGradedAt: outcome.at,
    attempts: (before?.attempts ?? 0) + 1,
    passedAt: before?.passedAt ?? (outcome.passed ? outcome.at : undefined),
  };
  file.labs[outcome.lab] = entry;
  const path = progressPath(workshopDir);
  mkdirSync(dirname(path), { recursive: true });
  // Written whole and renamed, so a grade interrupted halfway leaves the previous record.
  writeFileSync(`${path}.tmp`, `${JSON.stringify(file, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
  return entry;
}
