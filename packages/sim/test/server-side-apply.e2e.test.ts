// Server-side apply through the real kubectl and through the grader's client: a field the same
// manager stops applying is removed (and defaulted again), field ownership shows in
// managedFields, and two managers conflict unless one forces.
import { KubeClient } from '@workshop/kube';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from './helpers.ts';

let t: TestCluster;
beforeAll(async () => {
  t = await startTestCluster();
  await t.kubectl(['create', 'namespace', 'ssa']);
});
afterAll(async () => {
  await t?.stop();
});

function serviceYaml(name: string, targetPort?: number): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ssa
spec:
  selector:
    app: api
  ports:
    - port: 80
${targetPort === undefined ? '' : `      targetPort: ${targetPort}\n`}`;
}

async function ports(name: string): Promise<Array<{ port: number; targetPort: number; protocol: string }>> {
  const { stdout } = await t.kubectl(['get', 'svc', name, '-n', 'ssa', '-o', 'jsonpath={.spec.ports}']);
  return JSON.parse(stdout);
}

async function managedFields(
  name: string,
): Promise<Array<{ manager: string; operation: string; fieldsV1: unknown }>> {
  const { stdout } = await t.kubectl([
    'get',
    'svc',
    name,
    '-n',
    'ssa',
    '-o',
    'json',
    '--show-managed-fields',
  ]);
  return JSON.parse(stdout).metadata.managedFields;
}

const PORT_80 = 'k:{"port":80,"protocol":"TCP"}';

describe('kubectl apply --server-side', () => {
  it('removes targetPort the second time it is left out, so it defaults to the port', async () => {
    const withTarget = await t.file('with-target.yaml', serviceYaml('reapply', 8080));
    const without = await t.file('without-target.yaml', serviceYaml('reapply'));
    const created = await t.kubectl(['apply', '--server-side', '-f', withTarget]);
    expect(created.stdout).toContain('service/reapply serverside-applied');
    expect(await ports('reapply')).toEqual([{ port: 80, protocol: 'TCP', targetPort: 8080 }]);

    await t.kubectl(['apply', '--server-side', '-f', without]);
    expect(await ports('reapply')).toEqual([{ port: 80, protocol: 'TCP', targetPort: 80 }]);
    const [entry] = await managedFields('reapply');
    expect(entry).toMatchObject({
      manager: 'kubectl',
      operation: 'Apply',
      fieldsV1: { 'f:spec': { 'f:ports': { [PORT_80]: { '.': {}, 'f:port': {} } }, 'f:selector': {} } },
    });
  });

  it('refuses a second manager changing an owned field until it forces the conflict', async () => {
    const alice = await t.file('alice.yaml', serviceYaml('shared', 8080));
    const bob = await t.file('bob.yaml', serviceYaml('shared', 9090));
    await t.kubectl(['apply', '--server-side', '--field-manager=alice', '-f', alice]);

    const refused = await t.kubectl(['apply', '--server-side', '--field-manager=bob', '-f', bob], {
      allowFailure: true,
    });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(
      'Apply failed with 1 conflict: conflict with "alice": .spec.ports[port=80,protocol="TCP"].targetPort',
    );
    expect((await ports('shared'))[0]?.targetPort).toBe(8080);

    await t.kubectl(['apply', '--server-side', '--field-manager=bob', '--force-conflicts', '-f', bob]);
    expect((await ports('shared'))[0]?.targetPort).toBe(9090);
    const entries = await managedFields('shared');
    const fieldsOf = (manager: string) =>
      JSON.stringify(entries.find((e) => e.manager === manager)?.fieldsV1 ?? {});
    expect(fieldsOf('bob')).toContain('"f:targetPort"');
    expect(fieldsOf('alice')).not.toContain('"f:targetPort"');
    expect(fieldsOf('alice')).toContain('"f:port"');
  });

  it('names the client-side apply manager when a server-side apply would change what it set', async () => {
    await t.kubectl(['apply', '-f', await t.file('csa.yaml', serviceYaml('upgraded', 8080))]);
    const refused = await t.kubectl(
      [
        'apply',
        '--server-side',
        '--field-manager=lab-grade',
        '-f',
        await t.file('csa-ssa.yaml', serviceYaml('upgraded', 9090)),
      ],
      { allowFailure: true },
    );
    expect(refused.stderr).toContain(
      'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using v1: .spec.ports[port=80,protocol="TCP"].targetPort',
    );
    // kubectl itself may take over what its own client-side apply set (the documented upgrade path).
    await t.kubectl([
      'apply',
      '--server-side',
      '-f',
      await t.file('csa-ssa.yaml', serviceYaml('upgraded', 9090)),
    ]);
    expect((await ports('upgraded'))[0]?.targetPort).toBe(9090);
  });
});

describe("the grader's apply (KubeClient.apply)", () => {
  it('scores the learner who deletes targetPort after a passing grade: the port falls back to 80', async () => {
    const kube = await KubeClient.fromKubeconfig({ kubeconfigPath: t.cluster.kubeconfigPath });
    const learnerService = (targetPort?: number) => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'api-service', namespace: 'ssa' },
      spec: { selector: { app: 'api' }, ports: [{ port: 80, ...(targetPort ? { targetPort } : {}) }] },
    });
    const [first] = await kube.apply([learnerService(8080)], { fieldManager: 'lab-grade', force: true });
    expect(first?.object.spec).toMatchObject({ ports: [{ port: 80, targetPort: 8080 }] });

    const [second] = await kube.apply([learnerService()], { fieldManager: 'lab-grade', force: true });
    expect(second?.action).toBe('configured');
    expect(await ports('api-service')).toEqual([{ port: 80, protocol: 'TCP', targetPort: 80 }]);

    const [again] = await kube.apply([learnerService()], { fieldManager: 'lab-grade', force: true });
    expect(again?.action).toBe('unchanged');
  });
});
