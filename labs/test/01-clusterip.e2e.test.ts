// Lab 01 proves itself on the sim: `lab start` shows a Pod IP change; the exercise as shipped fails
// exactly the checks the lesson is about; the solution scores full marks; a wrong selector and a
// wrong targetPort each cost marks, with the hint that points at the mistake.
import { afterAll, describe, expect, it } from 'vitest';
import { labSelfTest, summary } from './harness.ts';

const EXISTS = 'Service "api-service" exists and is type ClusterIP';
const PORTS = "Port 80 forwards to the containers' port 8080";
const ENDPOINTS = 'Its endpoints are exactly the 3 ready backend Pods';
const TRAFFIC = 'Requests to http://api-service from inside the cluster reach all 3 Pods';
const REPLACED = 'After a Pod is deleted the Service keeps answering and the new Pod joins its endpoints';
const FILE = 'service-api-service.yaml';

const lab = labSelfTest('01-clusterip');
afterAll(() => lab.cleanup());

// The lint stops this mistake before anything is applied, so it is graded while the exercise and
// the solution are: lab 01 is the longest of the self-tests.
const selectorMistake = lab.ahead(() =>
  lab.grade(['--dir', lab.mutate(FILE, (doc) => doc.setIn(['spec', 'selector', 'app'], 'API'))]),
);

describe('lab 01 (ClusterIP) on the sim', () => {
  it('starts: deploys the backend and shows a replaced Pod coming back with a new IP', async () => {
    const run = await lab.start();
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/ • api-\S+ {2}IP 127\.\d+\.\d+\.\d+\n/);
    const replaced = /IP (\S+) {2}\(replaces (\S+), which had (\S+)\)/.exec(run.stderr);
    expect(replaced, run.stderr).not.toBeNull();
    expect(run.stderr).toContain('Then: npx lab grade 01');
    selectorMistake.start();
  }, 240_000);

  it('scores the exercise as shipped low: only the Service existing passes', async () => {
    const graded = await lab.grade();
    expect(graded.report.score, summary(graded)).toBe(1);
    expect(graded.code).toBe(1);
    expect(graded.report.stage, summary(graded)).toBe('checks');
    expect(graded.passed, summary(graded)).toEqual([EXISTS]);
    expect(graded.failed, summary(graded)).toEqual([PORTS, ENDPOINTS, TRAFFIC, REPLACED]);
    const ports = graded.report.checks.find((c) => c.title === PORTS);
    expect(ports?.message).toContain('targetPort 80');
    expect(graded.stderr).toContain(
      'hint: port is what clients call and targetPort is where the container listens',
    );
    const endpoints = graded.report.checks.find((c) => c.title === ENDPOINTS);
    expect(endpoints?.message).toContain('Service "api-service" has no selector');
  }, 120_000);

  it('gives the solution full marks', async () => {
    const graded = await lab.grade(['--solution']);
    expect(graded.report.score, summary(graded)).toBe(graded.report.maxScore);
    expect(graded.report.maxScore).toBe(10);
    expect(graded.code).toBe(0);
  }, 120_000);

  it('catches a targetPort no container listens on (808)', async () => {
    const dir = lab.mutate(FILE, (doc) => doc.setIn(['spec', 'ports', 0, 'targetPort'], 808));
    const graded = await lab.grade(['--dir', dir]);
    expect(graded.report.score, summary(graded)).toBe(3);
    expect(graded.code).toBe(1);
    expect(graded.failed, summary(graded)).toEqual([PORTS, TRAFFIC, REPLACED]);
    expect(graded.report.checks.find((c) => c.title === PORTS)?.message).toContain('targetPort 808');
    // The lint sees it too, as a warning: a container might listen on a port it does not declare.
    expect(graded.report.diagnostics.map((d) => d.rule)).toContain('target-port-not-exposed');
  }, 120_000);

  it('catches a selector that matches no Pod (app: API) before anything is applied', async () => {
    const graded = await selectorMistake.result();
    expect(graded.code).toBe(1);
    expect(graded.report.stage).toBe('lint');
    expect(graded.report.score).toBe(0);
    const diagnostic = graded.report.diagnostics.find((d) => d.rule === 'selector-matches-nothing');
    expect(diagnostic?.message).toBe(
      'Service "api-service" selects {app: API} but the Pods of Deployment "api" are labelled {app: api}',
    );
  }, 120_000);
});
