// Lab 05 proves itself on the sim: `lab start` shows where the node port will answer; the exercise
// as shipped (still ClusterIP) fails the NodePort checks; the solution scores full marks; a wrong
// nodePort and a forgotten type change each cost marks, with the hint or lint rule that says why.
import { afterAll, describe, expect, it } from 'vitest';
import { labSelfTest, summary } from './harness.ts';

const SELECTS = 'Service "spring-service" still selects the 3 backend replicas';
const TYPE = 'Service "spring-service" is type NodePort';
const NODE_PORT = 'Its port 8080 is opened on every node as nodePort 30000';
const CURL = 'curl <node>:30000 from this machine reaches all 3 replicas';
const FILE = 'service-spring-service.yaml';

const lab = labSelfTest('05-nodeport');
afterAll(() => lab.cleanup());

describe('lab 05 (NodePort) on the sim', () => {
  it('starts: shows the node port URL, where nothing answers yet', async () => {
    const run = await lab.start();
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(
      /GET http:\/\/127\.\d+\.\d+\.\d+:30000\/api\/v1\/hello → no answer \(ECONNREFUSED\)/,
    );
    expect(run.stderr).toContain('a ClusterIP Service is only reachable inside the cluster');
  }, 240_000);

  it('scores the exercise as shipped low: the NodePort checks fail', async () => {
    const graded = await lab.grade();
    expect(graded.report.score, summary(graded)).toBe(1);
    expect(graded.code).toBe(1);
    expect(graded.passed, summary(graded)).toEqual([SELECTS]);
    expect(graded.failed, summary(graded)).toEqual([TYPE, NODE_PORT, CURL]);
    expect(graded.report.checks.find((c) => c.title === TYPE)?.message).toBe(
      'expected Service "spring-service" of type NodePort, observed type ClusterIP',
    );
    expect(graded.report.checks.find((c) => c.title === CURL)?.message).toContain('ECONNREFUSED');
    expect(graded.stderr).toContain('hint: Without a nodePort the cluster picks a random one');
  }, 120_000);

  it('gives the solution full marks', async () => {
    const graded = await lab.grade(['--solution']);
    expect(graded.report.score, summary(graded)).toBe(graded.report.maxScore);
    expect(graded.report.maxScore).toBe(9);
    expect(graded.code).toBe(0);
  }, 120_000);

  it('catches the wrong node port (30001): the Service works, but not where the lab calls it', async () => {
    const dir = lab.mutate(FILE, (doc) => doc.setIn(['spec', 'ports', 0, 'nodePort'], 30001));
    const graded = await lab.grade(['--dir', dir]);
    expect(graded.report.score, summary(graded)).toBe(3);
    expect(graded.code).toBe(1);
    expect(graded.failed, summary(graded)).toEqual([NODE_PORT, CURL]);
    expect(graded.report.checks.find((c) => c.title === NODE_PORT)?.message).toBe(
      'expected nodePort 30000, observed nodePort 30001',
    );
  }, 120_000);

  it('catches a nodePort left on a ClusterIP Service before anything is applied', async () => {
    const dir = lab.mutate(FILE, (doc) => doc.setIn(['spec', 'type'], 'ClusterIP'));
    const graded = await lab.grade(['--dir', dir]);
    expect(graded.code).toBe(1);
    expect(graded.report.stage).toBe('lint');
    expect(graded.report.score).toBe(0);
    expect(graded.report.diagnostics.map((d) => d.rule)).toContain('node-port-on-cluster-ip');
  }, 120_000);

  it('catches a ClusterIP Service without a nodePort: every NodePort check fails', async () => {
    const dir = lab.mutate(FILE, (doc) => {
      doc.setIn(['spec', 'type'], 'ClusterIP');
      doc.deleteIn(['spec', 'ports', 0, 'nodePort']);
    });
    const graded = await lab.grade(['--dir', dir]);
    expect(graded.report.score, summary(graded)).toBe(1);
    expect(graded.code).toBe(1);
    expect(graded.failed, summary(graded)).toEqual([TYPE, NODE_PORT, CURL]);
  }, 120_000);
});
