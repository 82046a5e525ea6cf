// A report as the pipeline produces it, for the reporters' tests: one check passed, one failed with
// expected vs observed, one lint warning; and a variant stopped at lint.
import type { GradeReport } from '../src/report.ts';

export function sampleReport(overrides: Partial<GradeReport> = {}): GradeReport {
  return {
    lab: '01',
    title: 'Why Services exist',
    lang: 'en',
    submission: 'labs/01-clusterip/exercise',
    files: ['labs/01-clusterip/exercise/service-api-service.yaml'],
    stage: 'checks',
    score: 2,
    maxScore: 5,
    passed: false,
    checks: [
      {
        id: 'service',
        hintLevels: 1,
        title: 'Service "api-service" exists',
        section: 'service',
        hint: 'apply it',
        points: 2,
        maxPoints: 2,
        status: 'passed',
        durationMs: 120,
      },
      {
        id: 'traffic',
        hintLevels: 2,
        title: 'Requests reach all 3 Pods',
        section: 'traffic',
        hint: 'Compare the selector with the Pod labels',
        points: 0,
        maxPoints: 3,
        status: 'failed',
        message: 'Service "api-service" selects {app: MyApp} but the backend Pods are labelled {app: api}',
        expected: 'the 3 Pods of Deployment "api"',
        observed: 'selector {app: MyApp} matches no Pod',
        durationMs: 2500,
      },
    ],
    diagnostics: [
      {
        file: 'labs/01-clusterip/exercise/service-api-service.yaml',
        line: 12,
        col: 7,
        severity: 'warning',
        rule: 'target-port',
        message: 'targetPort 808: no container port 808 & <more>',
        hint: 'the containers listen on 8080',
      },
    ],
    notes: [],
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 3210,
    ...overrides,
  };
}

export function lintStoppedReport(): GradeReport {
  return sampleReport({
    stage: 'lint',
    score: 0,
    checks: sampleReport().checks.map((c) => ({
      ...c,
      points: 0,
      status: 'failed',
      message: 'not run: fix the lint errors first',
      notRun: 'fix the lint errors first',
    })),
    diagnostics: [
      {
        file: 'labs/01-clusterip/exercise/service-api-service.yaml',
        line: 12,
        col: 7,
        severity: 'error',
        rule: 'unknown-field',
        message: 'unknown field "nordPort" (did you mean "nodePort"?)',
        hint: 'kubectl apply would fail: strict decoding error',
      },
    ],
    problem: { stage: 'lint', message: '1 lint error' },
  });
}

/** The sample report whose failed check names the manifest field it is about (spec.selector). */
export function fieldReport(): GradeReport {
  const report = sampleReport();
  const failed = report.checks[1];
  if (failed)
    failed.field = {
      file: 'labs/01-clusterip/exercise/service-api-service.yaml',
      line: 9,
      col: 3,
      path: 'spec.selector',
    };
  return report;
}
