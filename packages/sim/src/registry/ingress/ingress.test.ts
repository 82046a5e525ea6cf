import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../core/types.ts';
import { setup } from '../test-helpers.ts';

const SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const WILDCARD =
  "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const PREFIX = 'Ingress.networking.k8s.io "app" is invalid: ';

const backend = { service: { name: 'hello-world', port: { number: 80 } } };

function ingress(spec: Record<string, unknown>, annotations?: Record<string, string>): KubeObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'app', namespace: 'default', ...(annotations ? { annotations } : {}) },
    spec,
  };
}
const withPath = (path: Record<string, unknown>, host?: string) =>
  ingress({ rules: [{ ...(host ? { host } : {}), http: { paths: [path] } }] });
const rejects = (body: KubeObject) => setup().createError(body).message;

describe('Ingress validation messages (reference §4.2)', () => {
  it('requires pathType, one error per path', () => {
    expect(rejects(withPath({ path: '/', backend }))).toBe(
      `${PREFIX}spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified`,
    );
    const two = ingress({
      rules: [
        {
          http: {
            paths: [
              { path: '/', backend },
              { path: '/kube', backend },
            ],
          },
        },
      ],
    });
    expect(rejects(two)).toBe(
      `${PREFIX}[spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified, spec.rules[0].http.paths[1].pathType: Required value: pathType must be specified]`,
    );
  });

  it('rejects an unknown pathType', () => {
    expect(rejects(withPath({ path: '/', pathType: 'prefix', backend }))).toBe(
      `${PREFIX}spec.rules[0].http.paths[0].pathType: Unsupported value: "prefix": supported values: "Exact", "ImplementationSpecific", "Prefix"`,
    );
  });

  it('requires absolute paths for Exact and Prefix, and for non-empty ImplementationSpecific paths', () => {
    expect(rejects(withPath({ path: 'api', pathType: 'Prefix', backend }))).toBe(
      `${PREFIX}spec.rules[0].http.paths[0].path: Invalid value: "api": must be an absolute path`,
    );
    expect(rejects(withPath({ pathType: 'Exact', backend }))).toBe(
      `${PREFIX}spec.rules[0].http.paths[0].path: Invalid value: "": must be an absolute path`,
    );
    expect(rejects(withPath({ path: 'api', pathType: 'ImplementationSpecific', backend }))).toBe(
      `${PREFIX}spec.rules[0].http.paths[0].path: Invalid value: "api": must be an absolute path`,
    );
    expect(
      setup().create(withPath({ pathType: 'ImplementationSpecific', backend })).spec.rules[0].http.paths[0]
        .pathType,
    ).toBe('ImplementationSpecific');
  });

  it('accepts the legacy /* path as a Prefix path, where it only matches a literal *', () => {
    expect(
      setup().create(withPath({ path: '/*', pathType: 'Prefix', backend })).spec.rules[0].http.paths[0].path,
    ).toBe('/*');
  });

  it('rejects //, /./, /../ and %2f sequences and /.. or /. endings, one error each', () => {
    expect(rejects(withPath({ path: '/a//b', pathType: 'Prefix', backend }))).toBe(
      `${PREFIX}spec.rules[0].http.paths[0].path: Invalid value: "/a//b": must not contain '//'`,
    );
    expect(rejects(withPath({ path: '/a/../b%2F', pathType: 'Exact', backend }))).toBe(
      `${PREFIX}[spec.rules[0].http.paths[0].path: Invalid value: "/a/../b%2F": must not contain '/../', spec.rules[0].http.paths[0].path: Invalid value: "/a/../b%2F": must not contain '%2F']`,
    );
    expect(rejects(withPath({ path: '/a/..', pathType: 'Prefix', backend }))).toBe(
      `${PREFIX}spec.rules[0].http.paths[0].path: Invalid value: "/a/..": cannot end with '/..'`,
    );
  });

  it('requires paths under http', () => {
    expect(rejects(ingress({ rules: [{ http: {} }] }))).toBe(
      `${PREFIX}spec.rules[0].http.paths: Required value`,
    );
  });

  it('rejects an IP, an uppercase name and bad wildcards as host', () => {
    expect(rejects(withPath({ path: '/', pathType: 'Prefix', backend }, '10.0.0.1'))).toBe(
      `${PREFIX}spec.rules[0].host: Invalid value: "10.0.0.1": must be a DNS name, not an IP address`,
    );
    expect(rejects(withPath({ path: '/', pathType: 'Prefix', backend }, 'Foo.com'))).toBe(
      `${PREFIX}spec.rules[0].host: Invalid value: "Foo.com": ${SUBDOMAIN}`,
    );
    for (const host of ['*', 'foo.*.com', '*foo.com', '*.*.foo.com']) {
      expect(rejects(withPath({ path: '/', pathType: 'Prefix', backend }, host))).toBe(
        `${PREFIX}spec.rules[0].host: Invalid value: "${host}": ${WILDCARD}`,
      );
    }
    expect(
      setup().create(withPath({ path: '/', pathType: 'Prefix', backend }, '*.example.com')).spec.rules[0]
        .host,
    ).toBe('*.example.com');
  });

  it('requires rules or a defaultBackend, printing the rules value like Go', () => {
    expect(rejects(ingress({}))).toBe(
      `${PREFIX}spec: Invalid value: []networking.IngressRule(nil): either \`defaultBackend\` or \`rules\` must be specified`,
    );
    expect(rejects(ingress({ rules: [] }))).toBe(
      `${PREFIX}spec: Invalid value: []networking.IngressRule{}: either \`defaultBackend\` or \`rules\` must be specified`,
    );
  });

  it('requires exactly one of service and resource in a backend', () => {
    expect(rejects(withPath({ path: '/', pathType: 'Prefix', backend: {} }))).toBe(
      `${PREFIX}spec.rules[0].http.paths[0].backend: Invalid value: "": resource or service backend is required`,
    );
    const both = { ...backend, resource: { kind: 'Bucket', name: 'b' } };
    expect(rejects(withPath({ path: '/', pathType: 'Prefix', backend: both }))).toBe(
      `${PREFIX}spec.rules[0].http.paths[0].backend: Invalid value: "": cannot set both resource and service backends`,
    );
  });

  it('checks the backend Service name and port', () => {
    const b = (service: Record<string, unknown>) =>
      withPath({ path: '/', pathType: 'Prefix', backend: { service } });
    expect(rejects(b({ port: { number: 80 } }))).toBe(
      `${PREFIX}spec.rules[0].http.paths[0].backend.service.name: Required value`,
    );
    expect(rejects(b({ name: 'My_Svc', port: { number: 80 } }))).toBe(
      `${PREFIX}spec.rules[0].http.paths[0].backend.service.name: Invalid value: "My_Svc": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
    );
    expect(rejects(b({ name: 'web' }))).toBe(
      `${PREFIX}spec.rules[0].http.paths[0].backend: Required value: port name or number is required`,
    );
    expect(rejects(b({ name: 'web', port: { name: 'http', number: 80 } }))).toBe(
      `${PREFIX}spec.rules[0].http.paths[0].backend: Invalid value: "": cannot set both port name & port number`,
    );
    expect(rejects(b({ name: 'web', port: { number: 70000 } }))).toBe(
      `${PREFIX}spec.rules[0].http.paths[0].backend.service.port.number: Invalid value: 70000: must be between 1 and 65535, inclusive`,
    );
    // "HTTP" has no lower-case letter either, so IsValidPortName reports both problems.
    expect(rejects(b({ name: 'web', port: { name: 'HTTP' } }))).toBe(
      `${PREFIX}[spec.rules[0].http.paths[0].backend.service.port.name: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-), spec.rules[0].http.paths[0].backend.service.port.name: Invalid value: "HTTP": must contain at least one letter (a-z)]`,
    );
  });

  it('checks TLS hosts and secret names, allowing an empty secret name', () => {
    const tls = (entry: Record<string, unknown>) => ingress({ defaultBackend: backend, tls: [entry] });
    expect(rejects(tls({ hosts: ['Myapp.example.com'] }))).toBe(
      `${PREFIX}spec.tls[0].hosts[0]: Invalid value: "Myapp.example.com": ${SUBDOMAIN}`,
    );
    expect(rejects(tls({ secretName: 'My_Secret' }))).toBe(
      `${PREFIX}spec.tls[0].secretName: Invalid value: "My_Secret": ${SUBDOMAIN}`,
    );
    expect(setup().create(tls({ hosts: ['myapp.example.com'] })).spec.tls[0].hosts).toEqual([
      'myapp.example.com',
    ]);
  });

  it('checks ingressClassName', () => {
    expect(rejects(ingress({ defaultBackend: backend, ingressClassName: 'Traefik' }))).toBe(
      `${PREFIX}spec.ingressClassName: Invalid value: "Traefik": ${SUBDOMAIN}`,
    );
  });

  it('rejects a class annotation that disagrees with ingressClassName and allows one that agrees', () => {
    const body = (value: string) => ({
      ...ingress(
        { defaultBackend: backend, ingressClassName: 'traefik' },
        { 'kubernetes.io/ingress.class': value },
      ),
    });
    expect(rejects(body('nginx'))).toBe(
      `${PREFIX}annotations.kubernetes.io/ingress.class: Invalid value: "nginx": must match \`ingressClassName\` when both are specified`,
    );
    expect(setup().create(body('traefik')).spec.ingressClassName).toBe('traefik');
  });

  it('names the kind with its group in the Status details', () => {
    const status = setup().createError(ingress({})).toStatus();
    expect(status.details).toMatchObject({ name: 'app', group: 'networking.k8s.io', kind: 'Ingress' });
  });
});

describe('IngressClass defaulting and the class annotation', () => {
  const cls = (name: string, created: string, isDefault: boolean): KubeObject => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IngressClass',
    metadata: {
      name,
      creationTimestamp: created,
      ...(isDefault ? { annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } } : {}),
    },
    spec: { controller: 'traefik.io/ingress-controller' },
  });

  it('sets the default IngressClass on an Ingress that names none', () => {
    const { create } = setup({
      objects: [cls('traefik', '2026-01-01T00:00:00Z', true), cls('other', '2026-02-01T00:00:00Z', false)],
    });
    expect(create(ingress({ defaultBackend: backend })).spec.ingressClassName).toBe('traefik');
  });

  it('picks the newest default class when several are marked default', () => {
    const { create } = setup({
      objects: [cls('old', '2026-01-01T00:00:00Z', true), cls('new', '2026-03-01T00:00:00Z', true)],
    });
    expect(create(ingress({ defaultBackend: backend })).spec.ingressClassName).toBe('new');
  });

  it('leaves the class unset when there is no default class', () => {
    expect(setup().create(ingress({ defaultBackend: backend })).spec.ingressClassName).toBeUndefined();
  });

  it('leaves an Ingress with the legacy annotation alone and warns about the annotation', () => {
    const { warnings, ctx } = setup({ objects: [cls('traefik', '2026-01-01T00:00:00Z', true)] });
    const body = ingress({ defaultBackend: backend }, { 'kubernetes.io/ingress.class': 'traefik' });
    expect(warnings(body)).toEqual([
      'annotation "kubernetes.io/ingress.class" is deprecated, please use \'spec.ingressClassName\' instead',
    ]);
    expect(ctx.objects.find((o) => o.kind === 'Ingress')?.spec.ingressClassName).toBeUndefined();
  });

  it('requires a domain-prefixed controller on IngressClass and keeps it immutable', () => {
    const { create, createError, updateError } = setup();
    const bad = cls('x', '2026-01-01T00:00:00Z', false);
    bad.spec = {};
    expect(createError(bad).message).toBe(
      'IngressClass.networking.k8s.io "x" is invalid: spec.controller: Required value',
    );
    bad.spec = { controller: 'traefik' };
    expect(createError(bad).message).toBe(
      'IngressClass.networking.k8s.io "x" is invalid: spec.controller: Invalid value: "traefik": must be a domain-prefixed path (such as "acme.io/foo")',
    );
    const good = create(cls('traefik', '2026-01-01T00:00:00Z', true));
    expect(updateError({ ...good, spec: { controller: 'k8s.io/ingress-nginx' } }).message).toBe(
      'IngressClass.networking.k8s.io "traefik" is invalid: spec.controller: Invalid value: "k8s.io/ingress-nginx": field is immutable',
    );
  });
});
