// Field numbers of the protobuf messages the typed `kubectl create` commands send (from the
// `protobuf:"…"` tags of k8s.io/api and k8s.io/apimachinery types). Only the fields those commands
// fill are listed; the reader skips the others. Each schema is checked end to end against
// `kubectl create … --dry-run=client -o json` in test/kubectl.e2e.test.ts.

/**
 * Go writes non-pointer scalars even when they are zero, where its JSON would omit them
 * (`omitempty`); the reader drops zero scalars unless `keepZero` says the field is a pointer whose
 * presence matters (`replicas: 0`).
 */
export type Field =
  | { name: string; type: 'string' | 'bytes' | 'bool' | 'int' | 'intOrString'; keepZero?: boolean }
  | { name: string; type: 'strings' }
  | { name: string; type: 'map' | 'bytesMap' }
  | { name: string; type: 'message' | 'messages'; schema: Schema };
export type Schema = Record<number, Field>;

const OBJECT_META: Schema = {
  1: { name: 'name', type: 'string' },
  2: { name: 'generateName', type: 'string' },
  3: { name: 'namespace', type: 'string' },
  11: { name: 'labels', type: 'map' },
  12: { name: 'annotations', type: 'map' },
  14: { name: 'finalizers', type: 'strings' },
};

const LABEL_SELECTOR: Schema = {
  1: { name: 'matchLabels', type: 'map' },
  2: {
    name: 'matchExpressions',
    type: 'messages',
    schema: {
      1: { name: 'key', type: 'string' },
      2: { name: 'operator', type: 'string' },
      3: { name: 'values', type: 'strings' },
    },
  },
};

const CONTAINER: Schema = {
  1: { name: 'name', type: 'string' },
  2: { name: 'image', type: 'string' },
  3: { name: 'command', type: 'strings' },
  4: { name: 'args', type: 'strings' },
  5: { name: 'workingDir', type: 'string' },
  6: {
    name: 'ports',
    type: 'messages',
    schema: {
      1: { name: 'name', type: 'string' },
      2: { name: 'hostPort', type: 'int' },
      3: { name: 'containerPort', type: 'int' },
      4: { name: 'protocol', type: 'string' },
      5: { name: 'hostIP', type: 'string' },
    },
  },
  7: {
    name: 'env',
    type: 'messages',
    schema: { 1: { name: 'name', type: 'string' }, 2: { name: 'value', type: 'string' } },
  },
  8: { name: 'resources', type: 'message', schema: {} },
  13: { name: 'terminationMessagePath', type: 'string' },
  14: { name: 'imagePullPolicy', type: 'string' },
  20: { name: 'terminationMessagePolicy', type: 'string' },
};

const POD_TEMPLATE: Schema = {
  1: { name: 'metadata', type: 'message', schema: OBJECT_META },
  2: {
    name: 'spec',
    type: 'message',
    schema: {
      2: { name: 'containers', type: 'messages', schema: CONTAINER },
      3: { name: 'restartPolicy', type: 'string' },
      6: { name: 'dnsPolicy', type: 'string' },
      7: { name: 'nodeSelector', type: 'map' },
      8: { name: 'serviceAccountName', type: 'string' },
      20: { name: 'initContainers', type: 'messages', schema: CONTAINER },
    },
  },
};

export const SCHEMAS: Record<string, Schema> = {
  Namespace: {
    1: { name: 'metadata', type: 'message', schema: OBJECT_META },
    2: { name: 'spec', type: 'message', schema: { 1: { name: 'finalizers', type: 'strings' } } },
  },
  ConfigMap: {
    1: { name: 'metadata', type: 'message', schema: OBJECT_META },
    2: { name: 'data', type: 'map' },
    3: { name: 'binaryData', type: 'bytesMap' },
    4: { name: 'immutable', type: 'bool' },
  },
  Secret: {
    1: { name: 'metadata', type: 'message', schema: OBJECT_META },
    2: { name: 'data', type: 'bytesMap' },
    3: { name: 'type', type: 'string' },
    4: { name: 'stringData', type: 'map' },
    5: { name: 'immutable', type: 'bool' },
  },
  Deployment: {
    1: { name: 'metadata', type: 'message', schema: OBJECT_META },
    2: {
      name: 'spec',
      type: 'message',
      schema: {
        1: { name: 'replicas', type: 'int', keepZero: true },
        2: { name: 'selector', type: 'message', schema: LABEL_SELECTOR },
        3: { name: 'template', type: 'message', schema: POD_TEMPLATE },
        4: {
          name: 'strategy',
          type: 'message',
          schema: {
            1: { name: 'type', type: 'string' },
            2: {
              name: 'rollingUpdate',
              type: 'message',
              schema: {
                1: { name: 'maxUnavailable', type: 'intOrString' },
                2: { name: 'maxSurge', type: 'intOrString' },
              },
            },
          },
        },
        5: { name: 'minReadySeconds', type: 'int' },
        6: { name: 'revisionHistoryLimit', type: 'int' },
        7: { name: 'paused', type: 'bool' },
        9: { name: 'progressDeadlineSeconds', type: 'int' },
      },
    },
  },
  Service: {
    1: { name: 'metadata', type: 'message', schema: OBJECT_META },
    2: {
      name: 'spec',
      type: 'message',
      schema: {
        1: {
          name: 'ports',
          type: 'messages',
          schema: {
            1: { name: 'name', type: 'string' },
            2: { name: 'protocol', type: 'string' },
            3: { name: 'port', type: 'int' },
            4: { name: 'targetPort', type: 'intOrString' },
            5: { name: 'nodePort', type: 'int' },
            6: { name: 'appProtocol', type: 'string' },
          },
        },
        2: { name: 'selector', type: 'map' },
        3: { name: 'clusterIP', type: 'string' },
        4: { name: 'type', type: 'string' },
        5: { name: 'externalIPs', type: 'strings' },
        7: { name: 'sessionAffinity', type: 'string' },
        10: { name: 'externalName', type: 'string' },
        11: { name: 'externalTrafficPolicy', type: 'string' },
      },
    },
  },
  // `kubectl auth can-i` and `auth whoami` (k8s.io/api authorization/v1, authentication/v1).
  SelfSubjectAccessReview: {
    1: { name: 'metadata', type: 'message', schema: OBJECT_META },
    2: {
      name: 'spec',
      type: 'message',
      schema: {
        1: {
          name: 'resourceAttributes',
          type: 'message',
          schema: {
            1: { name: 'namespace', type: 'string' },
            2: { name: 'verb', type: 'string' },
            3: { name: 'group', type: 'string' },
            4: { name: 'version', type: 'string' },
            5: { name: 'resource', type: 'string' },
            6: { name: 'subresource', type: 'string' },
            7: { name: 'name', type: 'string' },
          },
        },
        2: {
          name: 'nonResourceAttributes',
          type: 'message',
          schema: { 1: { name: 'path', type: 'string' }, 2: { name: 'verb', type: 'string' } },
        },
      },
    },
  },
  SelfSubjectRulesReview: {
    1: { name: 'metadata', type: 'message', schema: OBJECT_META },
    2: { name: 'spec', type: 'message', schema: { 1: { name: 'namespace', type: 'string' } } },
  },
  SelfSubjectReview: { 1: { name: 'metadata', type: 'message', schema: OBJECT_META } },
  // `kubectl create token` (authentication/v1 TokenRequest; boundObjectRef is not read).
  TokenRequest: {
    1: { name: 'metadata', type: 'message', schema: OBJECT_META },
    2: {
      name: 'spec',
      type: 'message',
      schema: {
        1: { name: 'audiences', type: 'strings' },
        4: { name: 'expirationSeconds', type: 'int', keepZero: true },
      },
    },
  },
};
