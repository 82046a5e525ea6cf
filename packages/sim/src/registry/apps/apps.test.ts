import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../core/types.ts';
import { setup } from '../test-helpers.ts';

function deployment(spec: Record<string, unknown>, name = 'backend'): KubeObject {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'default' }, spec };
}
const template = (
  labels: Record<string, string>,
  containers: unknown[] = [{ name: 'app', image: 'workshop/backend:1.0', ports: [{ containerPort: 8080 }] }],
) => ({
  metadata: { labels },
  spec: { containers },
});

describe('Deployment defaulting', () => {
  it('fills replicas, strategy, history and deadline, and the Pod template defaults', () => {
    const d = setup().create(
      deployment({ selector: { matchLabels: { app: 'backend' } }, template: template({ app: 'backend' }) }),
    );
    expect(d.spec.replicas).toBe(1);
    expect(d.spec.strategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' },
    });
    expect(d.spec.revisionHistoryLimit).toBe(10);
    expect(d.spec.progressDeadlineSeconds).toBe(600);
    const pod = d.spec.template.spec;
    expect(pod).toMatchObject({
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      terminationGracePeriodSeconds: 30,
      schedulerName: 'default-scheduler',
      securityContext: {},
    });
    expect(pod.containers[0]).toMatchObject({
      imagePullPolicy: 'IfNotPresent',
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
      ports: [{ containerPort: 8080, protocol: 'TCP' }],
    });
    expect(d.status).toEqual({});
  });

  it('pulls :latest and untagged images Always', () => {
    const d = setup().create(
      deployment({
        selector: { matchLabels: { app: 'b' } },
        template: template({ app: 'b' }, [
          { name: 'a', image: 'nginx' },
          { name: 'b', image: 'nginx:latest' },
          { name: 'c', image: 'localhost:5000/nginx' },
          { name: 'd', image: 'nginx@sha256:abc' },
        ]),
      }),
    );
    expect(
      d.spec.template.spec.containers.map((c: { imagePullPolicy: string }) => c.imagePullPolicy),
    ).toEqual(['Always', 'Always', 'Always', 'IfNotPresent']);
  });

  it('defaults probe timings and the httpGet scheme', () => {
    const probe = { httpGet: { path: '/actuator/health', port: 8080 } };
    const d = setup().create(
      deployment({
        selector: { matchLabels: { app: 'b' } },
        template: template({ app: 'b' }, [{ name: 'a', image: 'i:1', readinessProbe: probe }]),
      }),
    );
    expect(d.spec.template.spec.containers[0].readinessProbe).toEqual({
      httpGet: { path: '/actuator/health', port: 8080, scheme: 'HTTP' },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    });
  });
});

describe('Deployment validation', () => {
  it('rejects a selector that does not match the template labels', () => {
    expect(
      setup().createError(
        deployment({ selector: { matchLabels: { app: 'backend' } }, template: template({ app: 'MyApp' }) }),
      ).message,
    ).toBe(
      'Deployment.apps "backend" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"MyApp"}: `selector` does not match template `labels`',
    );
  });

  it('requires a selector, and then no template labels can match it', () => {
    expect(setup().createError(deployment({ template: template({ app: 'backend' }) })).message).toBe(
      'Deployment.apps "backend" is invalid: [spec.selector: Required value, spec.template.metadata.labels: Invalid value: map[string]string{"app":"backend"}: `selector` does not match template `labels`]',
    );
  });

  it('rejects negative replicas and an empty selector', () => {
    expect(
      setup().createError(
        deployment({
          replicas: -1,
          selector: { matchLabels: { app: 'b' } },
          template: template({ app: 'b' }),
        }),
      ).message,
    ).toBe(
      'Deployment.apps "backend" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    );
    expect(setup().createError(deployment({ selector: {}, template: template({ app: 'b' }) })).message).toBe(
      'Deployment.apps "backend" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
    );
  });

  it('requires containers, and a name and image for each', () => {
    expect(
      setup().createError(
        deployment({ selector: { matchLabels: { app: 'b' } }, template: template({ app: 'b' }, []) }),
      ).message,
    ).toBe('Deployment.apps "backend" is invalid: spec.template.spec.containers: Required value');
    const bad = setup().createError(
      deployment(
        {
          selector: { matchLabels: { app: 'b' } },
          template: template({ app: 'b' }, [{ image: 'i:1' }, { name: 'web' }]),
        },
        'test_deploy',
      ),
    );
    expect(bad.message).toBe(
      `Deployment.apps "test_deploy" is invalid: [metadata.name: Invalid value: "test_deploy": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*'), spec.template.spec.containers[0].name: Required value, spec.template.spec.containers[1].image: Required value]`,
    );
  });

  it('rejects duplicate container names, bad container port names and out-of-range container ports', () => {
    const containers = [
      { name: 'web', image: 'i:1', ports: [{ name: 'http_port', containerPort: 70000 }] },
      { name: 'web', image: 'i:1' },
    ];
    expect(
      setup().createError(
        deployment({ selector: { matchLabels: { app: 'b' } }, template: template({ app: 'b' }, containers) }),
      ).message,
    ).toBe(
      'Deployment.apps "backend" is invalid: [spec.template.spec.containers[0].ports[0].name: Invalid value: "http_port": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-), spec.template.spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive, spec.template.spec.containers[1].name: Duplicate value: "web"]',
    );
  });

  it('rejects a restartPolicy other than Always in a template and a bad strategy type', () => {
    const t = {
      metadata: { labels: { app: 'b' } },
      spec: { restartPolicy: 'Never', containers: [{ name: 'a', image: 'i:1' }] },
    };
    expect(
      setup().createError(deployment({ selector: { matchLabels: { app: 'b' } }, template: t })).message,
    ).toBe(
      'Deployment.apps "backend" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    );
    expect(
      setup().createError(
        deployment({
          selector: { matchLabels: { app: 'b' } },
          template: template({ app: 'b' }),
          strategy: { type: 'rolling' },
        }),
      ).message,
    ).toBe(
      'Deployment.apps "backend" is invalid: spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:"rolling", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: "Recreate", "RollingUpdate"',
    );
  });

  it('rejects maxUnavailable and maxSurge both 0 and a percentage over 100%', () => {
    const spec = (rollingUpdate: unknown) =>
      deployment({
        selector: { matchLabels: { app: 'b' } },
        template: template({ app: 'b' }),
        strategy: { type: 'RollingUpdate', rollingUpdate },
      });
    expect(setup().createError(spec({ maxUnavailable: 0, maxSurge: 0 })).message).toBe(
      'Deployment.apps "backend" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0',
    );
    expect(setup().createError(spec({ maxUnavailable: '110%', maxSurge: 1 })).message).toBe(
      'Deployment.apps "backend" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"110%"}: must not be greater than 100%',
    );
  });

  it('refuses to change the selector on update', () => {
    const { create, updateError } = setup();
    const d = create(
      deployment({
        selector: { matchLabels: { app: 'web' } },
        template: template({ app: 'web', tier: 'x' }),
      }),
    );
    const changed = structuredClone(d);
    changed.spec.selector = { matchLabels: { app: 'web2' } };
    changed.spec.template.metadata.labels = { app: 'web2' };
    expect(updateError(changed).message).toBe(
      'Deployment.apps "backend" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    );
  });
});

describe('ReplicaSet', () => {
  it('defaults replicas and validates the template like a Deployment', () => {
    const rs = (spec: Record<string, unknown>): KubeObject => ({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'backend-1', namespace: 'default' },
      spec,
    });
    const { create, createError } = setup();
    expect(
      create(rs({ selector: { matchLabels: { app: 'b' } }, template: template({ app: 'b' }) })).spec.replicas,
    ).toBe(1);
    expect(
      createError(rs({ selector: { matchLabels: { app: 'b' } }, template: template({ app: 'c' }) })).message,
    ).toBe(
      'ReplicaSet.apps "backend-1" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"c"}: `selector` does not match template `labels`',
    );
  });
});
