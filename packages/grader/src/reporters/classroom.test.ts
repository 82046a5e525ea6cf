import { describe, expect, it } from 'vitest';
import { lintStoppedReport, sampleReport } from '../../test/sample-report.ts';
import { classroomNotices, classroomOutput, classroomResult } from './classroom.ts';

describe('GitHub Classroom result', () => {
  it('follows the autograding runner result shape: version, status, max_score and scored tests', () => {
    expect(classroomResult(sampleReport())).toEqual({
      version: 1,
      status: 'fail',
      max_score: 5,
      tests: [
        {
          name: 'Service "api-service" exists',
          status: 'pass',
          message: null,
          test_code: 'lab grade 01: service',
          filename: 'labs/01-clusterip/exercise/service-api-service.yaml',
          line_no: 0,
          execution_time: '0.12s',
          score: 2,
        },
        {
          name: 'Requests reach all 3 Pods',
          status: 'fail',
          message:
            'Service "api-service" selects {app: MyApp} but the backend Pods are labelled {app: api}\nhint: Compare the selector with the Pod labels',
          test_code: 'lab grade 01: traffic',
          filename: 'labs/01-clusterip/exercise/service-api-service.yaml',
          line_no: 0,
          execution_time: '2.50s',
          score: 0,
        },
      ],
    });
  });

  it('encodes the result in base64 for the reporter step, which decodes it to the same JSON', () => {
    const decoded = JSON.parse(Buffer.from(classroomOutput(lintStoppedReport()), 'base64').toString('utf8'));
    expect(decoded.max_score).toBe(5);
    expect(decoded.tests.map((t: { score: number }) => t.score)).toEqual([0, 0]);
  });

  it('emits the notices Classroom reads the points from', () => {
    expect(classroomNotices(sampleReport())).toBe(
      '::notice title=Autograding complete::Points 2/5\n::notice title=Autograding report::{"totalPoints":2,"maxPoints":5}\n',
    );
  });
});
