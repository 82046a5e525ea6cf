import { describe, expect, it } from 'vitest';
import { lintWith } from './testing.ts';

const ingress = (host: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web}
spec:
  rules:
    - host: ${host}
      http:
        paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]
`;

describe('Ingress hosts', () => {
  it('refuses an IP address as host', async () => {
    const diagnostics = await lintWith(ingress('10.0.0.1'));
    expect(diagnostics).toMatchObject([
      {
        line: 6,
        col: 13,
        rule: 'host-ip',
        message: 'host "10.0.0.1" is an IP address; Ingress hosts must be DNS names',
      },
    ]);
  });

  it.each(['"*"', '"foo.*.com"', '"*foo.com"', '"*.*.foo.com"'])(
    'refuses the bad wildcard %s',
    async (host) => {
      const diagnostics = await lintWith(ingress(host));
      expect(diagnostics).toMatchObject([{ rule: 'host-wildcard' }]);
      expect(diagnostics[0]?.message).toContain('"*" must be the whole first label, as in *.example.com');
    },
  );

  it('accepts a wildcard that is the whole first label', async () => {
    expect(await lintWith(ingress('"*.example.com"'))).toEqual([]);
  });

  it('says to lowercase an uppercase host and to drop a port', async () => {
    expect((await lintWith(ingress('MyApp.example.com')))[0]).toMatchObject({
      rule: 'host-invalid',
      hint: 'write it in lowercase: myapp.example.com',
    });
    expect((await lintWith(ingress('myapp.example.com:8080')))[0]?.hint).toContain('write myapp.example.com');
  });

  it('checks TLS hosts too', async () => {
    const text = ingress('myapp.example.com').replace('spec:\n', 'spec:\n  tls: [{hosts: ["*"]}]\n');
    expect(await lintWith(text)).toMatchObject([{ rule: 'host-wildcard', line: 5 }]);
  });
});
