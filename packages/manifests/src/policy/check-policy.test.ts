import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readManifestFile } from '../source/parse-manifests.ts';
import { checkPolicy } from './check-policy.ts';
import type { Policy } from './policy.ts';

const policy: Policy = {
  allowedKinds: ['Service', 'Ingress', 'Deployment', 'Pod'],
  allowedImages: ['workshop/backend:*'],
  namespaces: ['lab-01'],
};

async function refusals(name: string, rules: Policy = policy) {
  const path = fileURLToPath(new URL(`../../test/fixtures/policy/${name}`, import.meta.url));
  const { objects, diagnostics } = await readManifestFile(path);
  expect(diagnostics).toEqual([]);
  return checkPolicy(objects, rules);
}

describe('checkPolicy for untrusted submissions', () => {
  it('refuses a privileged Pod, privilege escalation and added capabilities, each at its field', async () => {
    const found = await refusals('privileged-pod.yaml');
    expect(found.map((d) => [d.rule, d.line])).toEqual([
      ['policy/privileged', 10],
      ['policy/privilege-escalation', 11],
      ['policy/capabilities', 13],
    ]);
    expect(found[0]?.message).toBe(
      'policy/privileged: Pod "root-shell" runs container "shell" privileged; submissions may not run privileged containers',
    );
    expect(found[2]?.message).toContain('adds capabilities NET_ADMIN, SYS_ADMIN');
  });

  it('refuses a hostPath volume inside a Deployment template', async () => {
    const found = await refusals('host-path-deployment.yaml');
    expect(found).toMatchObject([
      {
        rule: 'policy/host-path',
        severity: 'error',
        line: 18,
        col: 11,
        message:
          'policy/host-path: Deployment "x" mounts hostPath /etc; submissions may not use hostPath volumes',
      },
    ]);
  });

  it('refuses hostNetwork, hostPID and hostPort', async () => {
    const found = await refusals('host-network-pod.yaml');
    expect(found.map((d) => d.rule)).toEqual(['policy/host-network', 'policy/host-pid', 'policy/host-port']);
    expect(found[0]?.message).toBe(
      `policy/host-network: Pod "sniffer" sets hostNetwork: true; submissions may not use the node's network`,
    );
  });

  it('refuses a ClusterRoleBinding as cluster-scoped, whatever the lab allows', async () => {
    const found = await refusals('cluster-role-binding.yaml', { allowedKinds: ['ClusterRoleBinding'] });
    expect(found).toMatchObject([
      {
        rule: 'policy/cluster-scoped',
        line: 2,
        message:
          'policy/cluster-scoped: ClusterRoleBinding "make-me-admin" is cluster-scoped; submissions may only create objects in the lab\'s namespace',
      },
    ]);
  });

  it('refuses an object in kube-system at its namespace field', async () => {
    const found = await refusals('kube-system-service.yaml');
    expect(found).toMatchObject([
      {
        rule: 'policy/namespace',
        line: 5,
        col: 14,
        message:
          'policy/namespace: Service "api-service" is in namespace kube-system; submissions may only use lab-01',
      },
    ]);
  });

  it('refuses a kind and an image the lab does not allow, inside a CronJob job template', async () => {
    const found = await refusals('unknown-image-cronjob.yaml');
    expect(found.map((d) => d.message)).toEqual([
      'policy/kind: CronJob "miner" is not allowed in this lab; submissions may create Service, Ingress, Deployment, Pod',
      'policy/image: CronJob "miner" container "miner" uses image evil.example.com/miner:latest; this lab allows workshop/backend:*',
    ]);
    expect(found[1]?.line).toBe(14);
  });

  it('says so plainly when a lab allows no images at all', async () => {
    const found = await refusals('unknown-image-cronjob.yaml', {
      ...policy,
      allowedKinds: ['CronJob'],
      allowedImages: [],
    });
    expect(found.map((d) => d.message)).toEqual([
      'policy/image: CronJob "miner" container "miner" uses image evil.example.com/miner:latest; this lab allows no images in submissions',
    ]);
  });

  it('refuses ExternalName Services and externalIPs', async () => {
    const found = await refusals('external-service.yaml');
    expect(found.map((d) => d.rule)).toEqual(['policy/external-name', 'policy/external-ips']);
  });

  it('accepts what the lab allows: a plain Deployment of the lab image with no namespace', async () => {
    const { objects } = await readManifestFile(
      fileURLToPath(new URL('../../test/fixtures/lab-04/base/deployment-backend.yaml', import.meta.url)),
    );
    expect(checkPolicy(objects, policy)).toEqual([]);
  });
});
