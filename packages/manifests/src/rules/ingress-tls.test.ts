import { describe, expect, it } from 'vitest';
import { lintWith } from './testing.ts';

const ingress = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: myapp}
spec:
  tls:
    - hosts: [myapp.example.com]
      secretName: myapp-tls
  defaultBackend: {service: {name: web, port: {number: 80}}}
`;
const web = 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {ports: [{port: 80}]}\n';

describe('Ingress TLS Secrets', () => {
  it('warns when the TLS Secret is not in the lab and says how to create it', async () => {
    const diagnostics = await lintWith(ingress, web);
    expect(diagnostics).toMatchObject([
      {
        line: 7,
        col: 19,
        severity: 'warning',
        rule: 'tls-secret-missing',
        hint: 'create it: kubectl create secret tls myapp-tls --cert=tls.crt --key=tls.key',
      },
    ]);
  });

  it('warns when the Secret is not of type kubernetes.io/tls', async () => {
    const secret = 'apiVersion: v1\nkind: Secret\nmetadata: {name: myapp-tls}\ndata: {}\n';
    const diagnostics = await lintWith(ingress, `${web}---\n${secret}`);
    expect(diagnostics).toMatchObject([{ rule: 'tls-secret-type' }]);
  });

  it('accepts a kubernetes.io/tls Secret of the lab', async () => {
    const secret = 'apiVersion: v1\nkind: Secret\nmetadata: {name: myapp-tls}\ntype: kubernetes.io/tls\n';
    expect(await lintWith(ingress, `${web}---\n${secret}`)).toEqual([]);
  });
});
