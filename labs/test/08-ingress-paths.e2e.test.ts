// Lab 08 proves itself on the sim: `lab start` shows the IngressClass and the controller's own 404s;
// the legacy exercise is stopped by the lint with the migration rules; the solution scores full
// marks; Exact instead of Prefix, a missing path and a wrong backend each cost the routing checks.

import { afterAll, describe, expect, it } from 'vitest';
import type { Document, YAMLSeq } from 'yaml';
import { labSelfTest, summary } from './harness.ts';

const CLASS = 'Ingress "hello" is a networking.k8s.io/v1 Ingress for the traefik class';
const ROOT = '/ and every path no other rule claims reach hello-world';
const KUBE = '/kube and everything under /kube/ reach hello-kubernetes';
const KUBEX = '/kubex is not under /kube: it reaches hello-world';
const FILE = 'ingress-hello.yaml';
/** spec.rules[0].http.paths[1] of the solution: the /kube rule. */
const KUBE_PATH = ['spec', 'rules', 0, 'http', 'paths', 1];

const lab = labSelfTest('08-ingress-paths');
afterAll(() => lab.cleanup());

describe('lab 08 (Ingress path routing) on the sim', () => {
  it('starts: names the traefik IngressClass and shows the controller answering 404 itself', async () => {
    const run = await lab.start();
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(
      'IngressClass traefik: controller traefik.io/ingress-controller (default class)',
    );
    expect(run.stderr).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/kube → 404 \(sent by the controller/);
  }, 240_000);

  it('stops the legacy extensions/v1beta1 exercise at the lint, with the migration rules', async () => {
    const graded = await lab.grade();
    expect(graded.code).toBe(1);
    expect(graded.report.stage, summary(graded)).toBe('lint');
    expect(graded.report.score).toBe(0);
    expect(graded.failed).toEqual([CLASS, ROOT, KUBE, KUBEX]);
    const rules = graded.report.diagnostics.filter((d) => d.severity === 'error').map((d) => d.rule);
    expect(rules).toContain('removed-api-version');
    // Each lint error is located in the learner's file and says how to migrate it.
    expect(graded.stderr).toMatch(
      /labs\/08-ingress-paths\/exercise\/ingress-hello\.yaml:\d+:\d+ error serviceName is the removed v1beta1 form/,
    );
    expect(graded.report.checks.every((c) => c.message?.startsWith('not run'))).toBe(true);
  }, 120_000);

  it('gives the solution full marks', async () => {
    const graded = await lab.grade(['--solution']);
    expect(graded.report.score, summary(graded)).toBe(graded.report.maxScore);
    expect(graded.report.maxScore).toBe(9);
    expect(graded.code).toBe(0);
  }, 120_000);

  it('catches Exact instead of Prefix for /kube: /kube/x no longer reaches hello-kubernetes', async () => {
    const dir = lab.mutate(FILE, (doc) => doc.setIn([...KUBE_PATH, 'pathType'], 'Exact'));
    const graded = await lab.grade(['--dir', dir]);
    expect(graded.report.score, summary(graded)).toBe(6);
    expect(graded.code).toBe(1);
    expect(graded.failed, summary(graded)).toEqual([KUBE]);
    const message = graded.report.checks.find((c) => c.title === KUBE)?.message ?? '';
    expect(message).toContain('GET /kube/x → hello-world, expected hello-kubernetes');
    expect(message).not.toContain('GET /kube →');
  }, 120_000);

  it('catches a missing /kube path: everything goes to hello-world', async () => {
    const dir = lab.mutate(FILE, (doc: Document) => {
      (doc.getIn(['spec', 'rules', 0, 'http', 'paths']) as YAMLSeq).delete(1);
    });
    const graded = await lab.grade(['--dir', dir]);
    expect(graded.report.score, summary(graded)).toBe(6);
    expect(graded.code).toBe(1);
    expect(graded.failed, summary(graded)).toEqual([KUBE]);
    expect(graded.report.checks.find((c) => c.title === KUBE)?.message).toContain(
      'GET /kube → hello-world, expected hello-kubernetes',
    );
  }, 120_000);

  it('catches a wrong backend Service: / sent to hello-kubernetes takes /kubex with it', async () => {
    const dir = lab.mutate(FILE, (doc) =>
      doc.setIn(['spec', 'rules', 0, 'http', 'paths', 0, 'backend', 'service', 'name'], 'hello-kubernetes'),
    );
    const graded = await lab.grade(['--dir', dir]);
    expect(graded.report.score, summary(graded)).toBe(5);
    expect(graded.code).toBe(1);
    expect(graded.failed, summary(graded)).toEqual([ROOT, KUBEX]);
    expect(graded.report.checks.find((c) => c.title === KUBEX)?.message).toContain(
      'GET /kubex → hello-kubernetes, expected hello-world',
    );
  }, 120_000);
});
