import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../core/types.ts';
import { setup } from '../test-helpers.ts';
import { POD_UPDATE_FORBIDDEN } from './pod-strategy.ts';

const pod = (spec: Record<string, unknown>, name = 'client'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec,
});
const secret = (body: Record<string, unknown>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'myapp-tls', namespace: 'default' },
  ...body,
});

describe('Pods', () => {
  it('get spec defaults, admission defaults and a Pending status with a QoS class', () => {
    const p = setup().create(
      pod({
        containers: [
          { name: 'c', image: 'workshop/backend:1.0', resources: { limits: { cpu: '1', memory: '64Mi' } } },
        ],
      }),
    );
    expect(p.spec).toMatchObject({
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      serviceAccountName: 'default',
      priority: 0,
      enableServiceLinks: true,
    });
    expect(p.spec.containers[0].resources.requests).toEqual({ cpu: '1', memory: '64Mi' });
    expect(p.spec.tolerations).toEqual([
      {
        key: 'node.kubernetes.io/not-ready',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
      {
        key: 'node.kubernetes.io/unreachable',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
    ]);
    expect(p.status).toEqual({ phase: 'Pending', qosClass: 'Guaranteed' });
  });

  it('rejects probes without a handler and a mistyped restartPolicy', () => {
    const error = setup().createError(
      pod({
        restartPolicy: 'always',
        containers: [{ name: 'c', image: 'i:1', livenessProbe: { periodSeconds: 5 } }],
      }),
    );
    expect(error.message).toBe(
      'Pod "client" is invalid: [spec.containers[0].livenessProbe: Required value: must specify a handler type, spec.restartPolicy: Unsupported value: "always": supported values: "Always", "Never", "OnFailure"]',
    );
  });

  it('lets an update change a container image but nothing else in the spec', () => {
    const { create, update, updateError } = setup();
    const p = create(pod({ containers: [{ name: 'c', image: 'i:1' }] }));
    const newImage = structuredClone(p);
    newImage.spec.containers[0].image = 'i:2';
    expect(update(newImage).spec.containers[0].image).toBe('i:2');
    const newPort = structuredClone(p);
    newPort.spec.containers[0].image = 'i:2';
    newPort.spec.containers[0].ports = [{ containerPort: 8080 }];
    expect(updateError(newPort).message).toBe(
      `Pod "client" is invalid: spec: Forbidden: ${POD_UPDATE_FORBIDDEN}`,
    );
  });
});

describe('Secrets and ConfigMaps', () => {
  it('defaults the type to Opaque and folds stringData into data', () => {
    const s = setup().create(secret({ stringData: { password: 'pa55' } }));
    expect(s.type).toBe('Opaque');
    expect(s.data).toEqual({ password: Buffer.from('pa55').toString('base64') });
    expect(s.stringData).toBeUndefined();
  });

  it('requires tls.crt and tls.key in a kubernetes.io/tls Secret', () => {
    expect(
      setup().createError(secret({ type: 'kubernetes.io/tls', data: { 'tls.crt': 'Y2VydA==' } })).message,
    ).toBe('Secret "myapp-tls" is invalid: data[tls.key]: Required value');
    expect(setup().createError(secret({ type: 'kubernetes.io/tls', data: {} })).message).toBe(
      'Secret "myapp-tls" is invalid: [data[tls.crt]: Required value, data[tls.key]: Required value]',
    );
  });

  it('answers 400 for data that is not base64, like the decoder', () => {
    const error = setup().createError(secret({ data: { password: 'pa55word!' } }));
    expect(error.code).toBe(400);
    expect(error.message).toBe(
      'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 8',
    );
  });

  it('rejects ConfigMap keys that are not valid config keys', () => {
    const cm: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cfg', namespace: 'default' },
      data: { 'bad key': 'x', '..hidden': 'y' },
    };
    expect(setup().createError(cm).message).toBe(
      `ConfigMap "cfg" is invalid: [data[bad key]: Invalid value: "bad key": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+'), data[..hidden]: Invalid value: "..hidden": must not start with '..']`,
    );
  });
});

describe('Namespaces and endpoints', () => {
  it('requires Namespace names to be DNS labels and labels each Namespace with its name', () => {
    const ns = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    expect(setup().create(ns('lab-03')).metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'lab-03' });
    expect(setup().createError(ns('lab.03')).message).toBe(
      'Namespace "lab.03" is invalid: metadata.name: Invalid value: "lab.03": must not contain dots',
    );
  });

  it('checks Endpoints addresses and defaults EndpointSlice port protocols', () => {
    const ep: KubeObject = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'ext', namespace: 'default' },
      subsets: [{ addresses: [{ ip: 'db.local' }], ports: [{ port: 5432 }] }],
    };
    expect(setup().createError(ep).message).toBe(
      'Endpoints "ext" is invalid: subsets[0].addresses[0].ip: Invalid value: "db.local": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    );
    const slice: KubeObject = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'api-abc', namespace: 'default' },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['127.244.0.5'] }],
      ports: [{ port: 8080 }],
    };
    expect(setup().create(slice).ports).toEqual([{ port: 8080, name: '', protocol: 'TCP' }]);
  });

  it('validates RBAC names as path segments and rejects a namespace on cluster-scoped kinds', () => {
    const role: KubeObject = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'traefik:read' },
      rules: [],
    };
    expect(setup().create(role).metadata.name).toBe('traefik:read');
    const namespaced = structuredClone(role);
    namespaced.metadata.namespace = 'default';
    namespaced.metadata.name = 'x';
    expect(setup().createError(namespaced).message).toBe(
      'ClusterRole.rbac.authorization.k8s.io "x" is invalid: metadata.namespace: Forbidden: not allowed on this type',
    );
  });
});
