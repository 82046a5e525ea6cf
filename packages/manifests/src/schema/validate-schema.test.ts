import { describe, expect, it } from 'vitest';
import { lintText } from '../lint.ts';

async function lint(text: string) {
  return (await lintText(text, { file: 'svc.yaml' })).diagnostics;
}

const service = (ports: string) => `apiVersion: v1
kind: Service
metadata:
  name: spring-service
spec:
  type: NodePort
  ports:
${ports}`;

describe('schema validation against kubernetes-models', () => {
  it('reports the nordPort typo at its key with a did-you-mean and the text kubectl would print', async () => {
    const diagnostics = await lint(service('    - port: 8080\n      nordPort: 30000\n'));
    expect(diagnostics).toEqual([
      {
        file: 'svc.yaml',
        line: 9,
        col: 7,
        endLine: 9,
        endCol: 15,
        severity: 'error',
        rule: 'unknown-field',
        message: 'unknown field "nordPort" (did you mean "nodePort"?)',
        hint: 'kubectl apply would fail: strict decoding error: unknown field "spec.ports[0].nordPort"',
      },
    ]);
  });

  it('prefers a case-insensitive match: nodeport → nodePort', async () => {
    const diagnostics = await lint(service('    - port: 8080\n      nodeport: 30000\n'));
    expect(diagnostics.map((d) => d.message)).toEqual([
      'unknown field "nodeport" (did you mean "nodePort"?)',
    ]);
  });

  it('lists the fields of the place when nothing is close enough to suggest', async () => {
    const diagnostics = await lint(service('    - port: 8080\n      banana: 1\n'));
    expect(diagnostics[0]?.message).toBe('unknown field "banana"');
    expect(diagnostics[0]?.hint).toContain(
      'fields here: appProtocol, name, nodePort, port, protocol, targetPort',
    );
  });

  it('accepts any key in maps such as labels, annotations and a Service selector', async () => {
    const diagnostics = await lint(`apiVersion: v1
kind: Service
metadata:
  name: web
  labels: {whatever: x, app.kubernetes.io/name: web}
  annotations: {example.com/anything: "1"}
spec:
  selector: {app: web, tier: front}
  ports:
    - port: 80
`);
    expect(diagnostics).toEqual([]);
  });

  it('finds unknown fields deep inside a Deployment Pod template', async () => {
    const diagnostics = await lint(`apiVersion: apps/v1
kind: Deployment
metadata: {name: backend}
spec:
  selector: {matchLabels: {app: backend}}
  template:
    metadata: {labels: {app: backend}}
    spec:
      containers:
        - name: backend
          image: workshop/backend:1.0.0
          ports:
            - containerport: 8080
`);
    expect(diagnostics).toMatchObject([
      {
        line: 13,
        col: 15,
        rule: 'unknown-field',
        message: 'unknown field "containerport" (did you mean "containerPort"?)',
      },
      {
        rule: 'missing-field',
        message: 'missing required field "containerPort" in spec.template.spec.containers[0].ports[0]',
      },
    ]);
  });

  it('explains a Deployment selector written without matchLabels', async () => {
    const diagnostics = await lint(`apiVersion: apps/v1
kind: Deployment
metadata: {name: backend}
spec:
  selector:
    app: backend
  template:
    metadata: {labels: {app: backend}}
    spec:
      containers: [{name: backend, image: workshop/backend:1.0.0}]
`);
    expect(diagnostics[0]).toMatchObject({
      rule: 'unknown-field',
      line: 6,
      col: 5,
      message: 'unknown field "app"',
    });
    expect(diagnostics[0]?.hint).toContain('write it under matchLabels');
  });

  it('says a quoted port is a string and how to write the number', async () => {
    const diagnostics = await lint(service('    - port: "8080"\n'));
    expect(diagnostics).toMatchObject([
      {
        line: 8,
        col: 13,
        rule: 'wrong-type',
        message: 'port must be an integer, found the string "8080"',
        hint: 'write 8080 without quotes: a quoted number is a string',
      },
    ]);
  });

  it('reports a misspelt enum value with the allowed values and a suggestion', async () => {
    const diagnostics = await lint(`apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  type: Nodeport
  ports: [{port: 80, protocol: tcp}]
`);
    expect(diagnostics.map((d) => [d.line, d.rule, d.message])).toEqual([
      [
        5,
        'invalid-value',
        'type "Nodeport" is not one of "ClusterIP", "ExternalName", "LoadBalancer", "NodePort" (did you mean "NodePort"?)',
      ],
      [6, 'invalid-value', 'protocol "tcp" is not one of "SCTP", "TCP", "UDP" (did you mean "TCP"?)'],
    ]);
  });

  it('reports a list written as a mapping', async () => {
    const diagnostics = await lint(service('    port: 80\n'));
    expect(diagnostics).toMatchObject([
      { line: 8, rule: 'wrong-type', message: 'ports must be a list ("- item" lines), found a mapping' },
    ]);
  });

  it('reports a Deployment without containers as a missing required field', async () => {
    const diagnostics = await lint(`apiVersion: apps/v1
kind: Deployment
metadata: {name: x}
spec:
  selector: {matchLabels: {app: x}}
  template:
    metadata: {labels: {app: x}}
    spec: {}
`);
    expect(diagnostics).toMatchObject([
      {
        line: 8,
        rule: 'missing-field',
        message: 'missing required field "containers" in spec.template.spec',
      },
    ]);
  });
});
