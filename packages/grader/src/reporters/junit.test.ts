import { describe, expect, it } from 'vitest';
import { lintStoppedReport, sampleReport } from '../../test/sample-report.ts';
import { escapeXml, formatJunit } from './junit.ts';

describe('JUnit XML', () => {
  it('writes one testcase per check, with points and a failure carrying expected vs observed and the hint', () => {
    const xml = formatJunit(sampleReport());
    expect(xml).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="lab grade" tests="2" failures="1" errors="0" skipped="0" time="3.210">/,
    );
    expect(xml).toContain('<testsuite name="lab 01: Why Services exist" tests="2" failures="1"');
    expect(xml).toContain('<property name="score" value="2"/>');
    expect(xml).toContain(
      '<testcase classname="lab 01.service" name="Service &quot;api-service&quot; exists" time="0.120">',
    );
    expect(xml).toContain(
      '<failure message="Service &quot;api-service&quot; selects {app: MyApp} but the backend Pods are labelled {app: api}" type="check">',
    );
    expect(xml).toContain(
      'expected: the 3 Pods of Deployment &quot;api&quot;\nobserved: selector {app: MyApp} matches no Pod\nhint: Compare the selector with the Pod labels</failure>',
    );
    expect(xml).toContain('<property name="maxPoints" value="3"/>');
  });

  it('adds a failing testcase per lint error when the submission stopped at lint', () => {
    const xml = formatJunit(lintStoppedReport());
    expect(xml).toContain(
      '<testcase classname="lab 01.lint" name="unknown-field labs/01-clusterip/exercise/service-api-service.yaml:12:7" time="0.000">',
    );
    expect(xml).toContain('tests="3" failures="3"');
  });

  it('escapes markup and drops characters XML cannot hold', () => {
    expect(escapeXml('a < b & "c" \u001b[31m')).toBe('a &lt; b &amp; &quot;c&quot; [31m');
  });
});
