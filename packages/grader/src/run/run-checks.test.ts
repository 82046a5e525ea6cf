import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Lab, LabCheck } from '@workshop/lab';
import { describe, expect, it } from 'vitest';
import { fail } from '../failure.ts';
import { runChecks } from './run-checks.ts';

// A kubeconfig that parses but points at nothing: these checks never call the API.
const dir = mkdtempSync(join(tmpdir(), 'run-checks-'));
const kubeconfig = join(dir, 'kubeconfig');
writeFileSync(
  kubeconfig,
  'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n',
);

const check = (id: string, points: number, extra: Partial<LabCheck> = {}): LabCheck => ({
  id,
  points,
  title: `check ${id}`,
  section: 'the-lab',
  hint: [`hint for ${id}`, 'a second level'],
  ...extra,
});

function lab(checks: LabCheck[]): Lab {
  return { id: '99', title: 'Test', checks, maxScore: 0 } as unknown as Lab;
}

const context = {
  lab: '99',
  kubeconfig,
  labNamespaces: ['lab-99'],
  namespaces: ['lab-99'],
  entryPoints: { http: 'http://127.0.0.1:1', https: 'https://127.0.0.1:1', nodePortHost: '127.0.0.1' },
  probeImage: 'workshop/backend:0.1.0',
};

describe('runChecks', () => {
  it("runs the checks in lab.yaml's order and scores each with the lab's strings", async () => {
    const seen: string[] = [];
    const result = await runChecks({
      lab: lab([check('b', 2), check('a', 3)]),
      functions: {
        a: async () => void seen.push('a'),
        b: async (ctx) => {
          seen.push(`b in ${ctx.namespace}`);
        },
      },
      context,
    });
    expect(seen).toEqual(['b in lab-99', 'a']);
    expect(result.checks.map((c) => [c.id, c.title, c.status, c.points, c.maxPoints])).toEqual([
      ['b', 'check b', 'passed', 2, 2],
      ['a', 'check a', 'passed', 3, 3],
    ]);
    expect(result.errors).toEqual([]);
  });

  it('fails a check with expected vs observed and its first hint, and still runs the next', async () => {
    const result = await runChecks({
      lab: lab([check('selector', 2, { fix: 'app: api' }), check('after', 1)]),
      functions: {
        selector: () => fail('the 3 Pods of Deployment "api"', 'no Pod'),
        after: () => undefined,
      },
      context,
      locate: () => ({ file: 'service.yaml', line: 7, col: 3, path: 'spec.selector' }),
    });
    const [failed, after] = result.checks;
    expect(failed).toMatchObject({
      status: 'failed',
      points: 0,
      message: 'expected the 3 Pods of Deployment "api", observed no Pod',
      expected: 'the 3 Pods of Deployment "api"',
      observed: 'no Pod',
      hint: 'hint for selector',
      hintLevels: 2,
      hasFix: true,
      field: { file: 'service.yaml', line: 7 },
    });
    expect(after?.status).toBe('passed');
  });

  it('names the type of an unexpected error, so a bug in a check reads as one', async () => {
    const result = await runChecks({
      lab: lab([check('buggy', 1)]),
      functions: {
        buggy: () => {
          throw new TypeError('x is undefined');
        },
      },
      context,
    });
    expect(result.checks[0]?.message).toBe('TypeError: x is undefined');
  });

  it('fails a check that overruns its deadline', async () => {
    const result = await runChecks({
      lab: lab([check('slow', 1, { timeoutMs: 50 })]),
      functions: { slow: () => new Promise((resolve) => setTimeout(resolve, 1_000)) },
      context,
    });
    expect(result.checks[0]).toMatchObject({
      status: 'failed',
      message: 'the check did not finish within 0.05 s',
    });
  });
});
