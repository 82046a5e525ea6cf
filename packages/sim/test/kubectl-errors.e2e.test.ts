// The learner's mistakes through the real kubectl: each bad manifest is applied with `kubectl apply
// -f` and kubectl's printed error is compared, whole, with the text a real v1.33 API server (or
// kubectl itself) gives, as recorded in shared/reference/k8s-semantics.md.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from './helpers.ts';

let t: TestCluster;
beforeAll(async () => {
  t = await startTestCluster();
});
afterAll(async () => {
  await t?.stop();
});

const RFC1123_LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const WILDCARD_SUBDOMAIN =
  "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

function service(name: string, ports: string, type = 'ClusterIP'): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  type: ${type}
  selector: {app: web}
  ports:
${ports}`;
}

function ingress(name: string, host: string, path: string, pathType: string | undefined): string {
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
spec:
  rules:
  - host: "${host}"
    http:
      paths:
      - path: ${path}
${pathType ? `        pathType: ${pathType}\n` : ''}        backend:
          service: {name: web, port: {number: 80}}
`;
}

interface Case {
  mistake: string;
  manifest: string;
  /** Applied first (e.g. the Service that already holds a nodePort). */
  before?: string;
  /** kubectl's whole stderr; `FILE` stands for the manifest's path. */
  expected: string;
}

const cases: Case[] = [
  {
    mistake: 'an unknown field (nordPort)',
    manifest: service('typo', '  - port: 80\n    nordPort: 30008\n', 'NodePort'),
    expected:
      'Error from server (BadRequest): error when creating "FILE": Service in version "v1" cannot be handled as a Service: strict decoding error: unknown field "spec.ports[0].nordPort"',
  },
  {
    mistake: 'a kind in lowercase (kind: service)',
    manifest: service('lower', '  - port: 80\n').replace('kind: Service', 'kind: service'),
    expected:
      'Error from server (BadRequest): error when creating "FILE": service in version "v1" cannot be handled as a Service: no kind "service" is registered for version "v1" in scheme "pkg/api/legacyscheme/scheme.go:30"',
  },
  {
    mistake: 'a nodePort out of range',
    manifest: service('np-range', '  - port: 80\n    nodePort: 40000\n', 'NodePort'),
    expected:
      'The Service "np-range" is invalid: spec.ports[0].nodePort: Invalid value: 40000: provided port is not in the valid range. The range of valid ports is 30000-32767',
  },
  {
    mistake: 'a nodePort already allocated',
    before: service('np-first', '  - port: 80\n    nodePort: 30005\n', 'NodePort'),
    manifest: service('np-second', '  - port: 80\n    nodePort: 30005\n', 'NodePort'),
    expected:
      'The Service "np-second" is invalid: spec.ports[0].nodePort: Invalid value: 30005: provided port is already allocated',
  },
  {
    mistake: 'an invalid port name',
    manifest: service('bad-name', '  - {name: HTTP, port: 80}\n'),
    expected: `The Service "bad-name" is invalid: spec.ports[0].name: Invalid value: "HTTP": ${RFC1123_LABEL}`,
  },
  {
    mistake: 'a missing port name when there are two ports',
    manifest: service('unnamed', '  - {name: http, port: 80}\n  - {port: 443}\n'),
    expected: 'The Service "unnamed" is invalid: spec.ports[1].name: Required value',
  },
  {
    mistake: 'a targetPort of quoted digits',
    manifest: service('target', '  - {port: 80, targetPort: "8080"}\n'),
    expected:
      'The Service "target" is invalid: spec.ports[0].targetPort: Invalid value: "8080": must contain at least one letter (a-z)',
  },
  {
    mistake: 'a numeric targetPort out of range',
    manifest: service('target-range', '  - {port: 80, targetPort: 70000}\n'),
    expected:
      'The Service "target-range" is invalid: spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
  },
  {
    mistake: 'a path without pathType',
    manifest: ingress('no-path-type', 'myapp.example.com', '/api', undefined),
    expected:
      'The Ingress "no-path-type" is invalid: spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified',
  },
  {
    mistake: 'a relative path',
    manifest: ingress('relative', 'myapp.example.com', 'api', 'Prefix'),
    expected:
      'The Ingress "relative" is invalid: spec.rules[0].http.paths[0].path: Invalid value: "api": must be an absolute path',
  },
  {
    mistake: 'an IP address as the host',
    manifest: ingress('by-ip', '10.0.0.1', '/api', 'Prefix'),
    expected:
      'The Ingress "by-ip" is invalid: spec.rules[0].host: Invalid value: "10.0.0.1": must be a DNS name, not an IP address',
  },
  {
    mistake: 'an invalid wildcard host',
    manifest: ingress('wild', '*', '/api', 'Prefix'),
    expected: `The Ingress "wild" is invalid: spec.rules[0].host: Invalid value: "*": ${WILDCARD_SUBDOMAIN}`,
  },
  {
    mistake: 'a removed API version (extensions/v1beta1 Ingress)',
    manifest: 'apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: old\nspec: {}\n',
    expected:
      'error: resource mapping not found for name: "old" namespace: "" from "FILE": no matches for kind "Ingress" in version "extensions/v1beta1"\nensure CRDs are installed first',
  },
  {
    mistake: 'a wrong apiVersion for the kind (Deployment in v1)',
    manifest:
      'apiVersion: v1\nkind: Deployment\nmetadata:\n  name: wrong-group\nspec:\n  selector: {matchLabels: {app: web}}\n',
    expected:
      'error: resource mapping not found for name: "wrong-group" namespace: "" from "FILE": no matches for kind "Deployment" in version "v1"\nensure CRDs are installed first',
  },
];

describe('kubectl apply of a bad manifest prints what a real cluster prints for', {
  timeout: 120_000,
}, () => {
  cases.forEach((c, i) => {
    it(c.mistake, async () => {
      if (c.before) await t.kubectl(['apply', '-f', await t.file(`before-${i}.yaml`, c.before)]);
      const path = await t.file(`bad-${i}.yaml`, c.manifest);
      const result = await t.kubectl(['apply', '-f', path], { allowFailure: true });
      expect(result.code).not.toBe(0);
      expect(result.stderr.trim()).toBe(c.expected.replaceAll('FILE', path));
    });
  });

  it('a change to a Pod field other than the image (the first line of the real message; its Go spec diff is left out)', async () => {
    const pod = (port: number, image: string) =>
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: fixed\nspec:\n  containers:\n  - name: web\n    image: ${image}\n    ports: [{containerPort: ${port}}]\n`;
    const path = await t.file('pod.yaml', pod(8080, 'workshop/backend:1.0'));
    await t.kubectl(['apply', '-f', path]);
    await t.file('pod.yaml', pod(9090, 'workshop/backend:1.0'));
    const result = await t.kubectl(['apply', '-f', path], { allowFailure: true });
    expect(result.stderr.trim()).toBe(
      'The Pod "fixed" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
    );
    await t.file('pod.yaml', pod(8080, 'workshop/backend:2.0'));
    expect((await t.kubectl(['apply', '-f', path])).stdout.trim()).toBe('pod/fixed configured');
  });

  it('a value of the wrong type, refused by the decoder whatever --validate says', async () => {
    const path = await t.file(
      'replicas.yaml',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: typed\nspec:\n  replicas: "three"\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: workshop/backend:1.0}]\n',
    );
    const result = await t.kubectl(['apply', '--validate=false', '-f', path], { allowFailure: true });
    expect(result.stderr.trim()).toBe(
      `Error from server (BadRequest): error when creating "${path}": Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field spec.replicas of type integer`,
    );
    const none = await t.kubectl(['get', 'deploy', 'typed'], { allowFailure: true });
    expect(none.stderr.trim()).toBe('Error from server (NotFound): deployments.apps "typed" not found');
  });
});
