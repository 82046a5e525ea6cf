import { describe, expect, it } from 'vitest';
import { fieldReport, lintStoppedReport, sampleReport } from '../../test/sample-report.ts';
import { formatScorecard, useColor } from './console.ts';

describe('console scorecard', () => {
  it('lists each check with its points, and the failure and hint under a failed one', () => {
    const text = formatScorecard(sampleReport());
    expect(text).toContain(' ✓ Service "api-service" exists');
    expect(text).toMatch(/ ✓ Service "api-service" exists\s+2\/2\n/);
    expect(text).toMatch(
      / ✗ Requests reach all 3 Pods\s+0\/3\n {5}Service "api-service" selects \{app: MyApp\} but the backend Pods are labelled \{app: api\}\n {5}hint: Compare the selector with the Pod labels\n/,
    );
    expect(text).toContain(' Score: 2/5 (40%) in 3.2s');
    expect(text).not.toContain('\u001b[');
  });

  it('points at the field a failed check is about, and offers more hints when the lab has them', () => {
    const report = fieldReport();
    expect(formatScorecard(report)).toContain(
      '     at labs/01-clusterip/exercise/service-api-service.yaml:9:3 (spec.selector)\n     hint: Compare the selector with the Pod labels\n     more: npx lab hint 01 traffic\n',
    );
  });

  it('prints lint diagnostics as file:line:col and says the checks did not run, once', () => {
    const text = formatScorecard(lintStoppedReport());
    expect(text).toContain(
      'labs/01-clusterip/exercise/service-api-service.yaml:12:7 error unknown field "nordPort"',
    );
    expect(text).toContain('the lint found errors, so nothing was applied');
    expect(text.match(/checks not run: fix the lint errors first/g)).toHaveLength(1);
    expect(text).not.toContain('hint: apply it');
  });

  it('keeps a literal lint fix back and names the command that shows it', () => {
    const stopped = lintStoppedReport();
    const report = {
      ...stopped,
      diagnostics: stopped.diagnostics.map((d) => ({ ...d, fix: 'set targetPort: 8080' })),
    };
    const text = formatScorecard(report);
    expect(text).not.toContain('set targetPort: 8080');
    expect(text).toContain(
      `  the literal fixes: npx lab lint ${report.submission} --lab ${report.lab} --show-fixes\n`,
    );
    expect(formatScorecard(stopped)).not.toContain('the literal fixes');
  });

  it('says full marks when every point is earned', () => {
    const report = sampleReport({
      score: 2,
      maxScore: 2,
      passed: true,
      checks: sampleReport().checks.slice(0, 1),
    });
    expect(formatScorecard(report)).toContain('Score: 2/2 (100%) in 3.2s — full marks');
  });

  it('uses colour only on a terminal without NO_COLOR', () => {
    expect(useColor({ isTTY: true }, {})).toBe(true);
    expect(useColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(useColor({ isTTY: false }, {})).toBe(false);
    expect(formatScorecard(sampleReport(), { color: true })).toContain('\u001b[32m✓\u001b[0m');
  });
});
