import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../core/types.ts';
import { ContainerConfigError, containerEnv, expandReferences } from './container-env.ts';

const pod: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-1', namespace: 'lab', uid: 'u-1', labels: { app: 'web' } },
  spec: { nodeName: 'sim-control-plane', serviceAccountName: 'robot' },
  status: { podIP: '127.244.0.2', podIPs: [{ ip: '127.244.0.2' }], hostIP: '127.0.0.1' },
};

const objects: Record<string, KubeObject> = {
  'ConfigMap/cfg': {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'cfg' },
    data: { GREETING: 'hi', mode: 'dev' },
  },
  'Secret/sec': {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'sec' },
    data: { password: Buffer.from('s3cret').toString('base64') },
  },
};
const client = {
  get: (ref: { kind: string }, _ns: string | undefined, name: string) => objects[`${ref.kind}/${name}`],
};

describe('containerEnv', () => {
  it('fills the downward API fields', () => {
    const env = containerEnv(client, pod, {
      name: 'app',
      env: [
        'metadata.name',
        'metadata.namespace',
        'metadata.uid',
        "metadata.labels['app']",
        'status.podIP',
        'status.hostIP',
        'spec.nodeName',
        'spec.serviceAccountName',
      ].map((fieldPath, i) => ({ name: `V${i}`, valueFrom: { fieldRef: { fieldPath } } })),
    });
    expect(Object.values(env)).toEqual([
      'web-1',
      'lab',
      'u-1',
      'web',
      '127.244.0.2',
      '127.0.0.1',
      'sim-control-plane',
      'robot',
    ]);
  });

  it('reads ConfigMap and Secret keys and whole objects with a prefix, env winning over envFrom', () => {
    const env = containerEnv(client, pod, {
      name: 'app',
      envFrom: [{ configMapRef: { name: 'cfg' }, prefix: 'CFG_' }, { secretRef: { name: 'sec' } }],
      env: [
        { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'sec', key: 'password' } } },
        { name: 'CFG_mode', value: 'prod' },
        { name: 'G', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'GREETING' } } },
      ],
    });
    expect(env).toEqual({
      CFG_GREETING: 'hi',
      CFG_mode: 'prod',
      password: 's3cret',
      PASSWORD: 's3cret',
      G: 'hi',
    });
  });

  it('fails like the kubelet when a referenced object or key is missing, unless optional', () => {
    expect(() =>
      containerEnv(client, pod, {
        name: 'a',
        env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'nope', key: 'k' } } }],
      }),
    ).toThrow(new ContainerConfigError('configmap "nope" not found'));
    expect(() =>
      containerEnv(client, pod, {
        name: 'a',
        env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'sec', key: 'user' } } }],
      }),
    ).toThrow("couldn't find key user in Secret lab/sec");
    expect(
      containerEnv(client, pod, { name: 'a', envFrom: [{ secretRef: { name: 'gone', optional: true } }] }),
    ).toEqual({});
  });

  it('expands $(VAR) references to earlier variables', () => {
    expect(expandReferences('http://$(HOST):$(PORT)/$(MISSING) $$(HOST)', { HOST: 'h', PORT: '80' })).toBe(
      'http://h:80/$(MISSING) $(HOST)',
    );
  });
});
