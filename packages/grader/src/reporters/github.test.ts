import { describe, expect, it } from 'vitest';
import { fieldReport, lintStoppedReport, sampleReport } from '../../test/sample-report.ts';
import { escapeData, escapeProperty, formatAnnotations, formatStepSummary } from './github.ts';

describe('GitHub Actions annotations', () => {
  it('annotates lint diagnostics at their file, line and column', () => {
    const text = formatAnnotations(lintStoppedReport());
    expect(text).toContain(
      '::error file=labs/01-clusterip/exercise/service-api-service.yaml,line=12,col=7,title=unknown-field::unknown field "nordPort" (did you mean "nodePort"?)%0Ahint: kubectl apply would fail: strict decoding error\n',
    );
    // Checks that never ran are not annotated one by one: the lint error is the news.
    expect(text).not.toContain('Requests reach all 3 Pods');
  });

  it('points failed checks at the exercise file, with the hint', () => {
    const text = formatAnnotations(sampleReport());
    expect(text).toContain(
      '::error file=labs/01-clusterip/exercise/service-api-service.yaml,line=1,title=Requests reach all 3 Pods (0/3)::Service "api-service" selects {app: MyApp} but the backend Pods are labelled {app: api}%0Ahint: Compare the selector with the Pod labels',
    );
    expect(text).toContain(
      '::warning file=labs/01-clusterip/exercise/service-api-service.yaml,line=12,col=7,title=target-port::',
    );
    expect(text).toContain('::notice title=Lab 01 score::2/5 points');
  });

  it('points a failed check that names its field at that line', () => {
    const report = fieldReport();
    expect(formatAnnotations(report)).toContain(
      '::error file=labs/01-clusterip/exercise/service-api-service.yaml,line=9,col=3,title=Requests reach all 3 Pods (0/3)::',
    );
  });

  it('escapes data and properties as the runner expects', () => {
    expect(escapeData('50% done\r\nnext')).toBe('50%25 done%0D%0Anext');
    expect(escapeProperty('a:b,c')).toBe('a%3Ab%2Cc');
  });

  it('writes a markdown scorecard for the step summary', () => {
    const md = formatStepSummary(sampleReport());
    expect(md).toContain('### ❌ Lab 01: Why Services exist — 2/5 points');
    expect(md).toContain('| Service "api-service" exists | 2/2 | ✅ passed |');
    expect(md).toContain(
      '| Requests reach all 3 Pods | 0/3 | ❌ Service "api-service" selects {app: MyApp} but the backend Pods are labelled {app: api}<br>hint: Compare the selector with the Pod labels |',
    );
    expect(md).toContain('| **Total** | **2/5** | |');
  });
});
