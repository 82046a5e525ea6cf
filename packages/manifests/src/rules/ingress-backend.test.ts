import { describe, expect, it } from 'vitest';
import { lintWith } from './testing.ts';

const services = `apiVersion: v1
kind: Service
metadata: {name: hello-world}
spec:
  ports: [{name: http, port: 80, targetPort: 8080}]
`;
const ingress = (service: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: hello}
spec:
  rules:
    - http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service: ${service}
`;

describe('Ingress backends against the lab', () => {
  it('reports a Service the lab does not have, with a did-you-mean', async () => {
    const diagnostics = await lintWith(ingress('{name: hello-wrld, port: {number: 80}}'), services);
    expect(diagnostics).toMatchObject([
      {
        line: 11,
        rule: 'backend-service-missing',
        message:
          'Ingress "hello" sends "/" to Service "hello-wrld", which the lab does not define (did you mean "hello-world"?)',
      },
    ]);
  });

  it('says an Ingress names the Service port, not the targetPort', async () => {
    const diagnostics = await lintWith(ingress('{name: hello-world, port: {number: 8080}}'), services);
    expect(diagnostics).toMatchObject([
      {
        rule: 'backend-port-missing',
        message: 'Ingress "hello" sends "/" to port 8080 of Service "hello-world", which has port 80 (http)',
        hint: "8080 is the targetPort of Service port 80; an Ingress names the Service's port: write number: 80",
      },
    ]);
  });

  it('reports a port name the Service does not have', async () => {
    const diagnostics = await lintWith(ingress('{name: hello-world, port: {name: htp}}'), services);
    expect(diagnostics[0]?.message).toBe(
      'Ingress "hello" sends "/" to port "htp" of Service "hello-world", which has port 80 (http) (did you mean "http"?)',
    );
  });

  it('accepts a backend that names an existing Service and port', async () => {
    expect(await lintWith(ingress('{name: hello-world, port: {number: 80}}'), services)).toEqual([]);
    expect(await lintWith(ingress('{name: hello-world, port: {name: http}}'), services)).toEqual([]);
  });

  it('stays quiet without a lab context or Services to compare with', async () => {
    expect(await lintWith(ingress('{name: anything, port: {number: 80}}'))).toEqual([]);
  });
});
