import { describe, expect, it } from 'vitest';
import { service, setup } from '../test-helpers.ts';

const RFC1123_LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

function rejects(spec: Record<string, unknown>, name = 'web') {
  return setup().createError(service(name, spec)).message;
}

describe('Service validation messages (reference §1.4)', () => {
  it('requires ports on a non-headless Service', () => {
    expect(rejects({ selector: { app: 'x' } })).toBe('Service "web" is invalid: spec.ports: Required value');
  });

  it('requires a name on every port when there is more than one, one error per unnamed port', () => {
    expect(rejects({ ports: [{ name: 'http', port: 80 }, { port: 81 }, { port: 82 }] })).toBe(
      'Service "web" is invalid: [spec.ports[1].name: Required value, spec.ports[2].name: Required value]',
    );
  });

  it('rejects a port name that is not a DNS label', () => {
    expect(rejects({ ports: [{ name: 'HTTP', port: 80 }] })).toBe(
      `Service "web" is invalid: spec.ports[0].name: Invalid value: "HTTP": ${RFC1123_LABEL}`,
    );
    expect(rejects({ ports: [{ name: 'http_web', port: 80 }] })).toBe(
      `Service "web" is invalid: spec.ports[0].name: Invalid value: "http_web": ${RFC1123_LABEL}`,
    );
  });

  it('says a dotted port name must not contain dots', () => {
    expect(rejects({ ports: [{ name: 'web.http', port: 80 }] })).toBe(
      'Service "web" is invalid: spec.ports[0].name: Invalid value: "web.http": must not contain dots',
    );
  });

  it('rejects a port name longer than 63 characters', () => {
    const long = 'a'.repeat(64);
    expect(rejects({ ports: [{ name: long, port: 80 }] })).toBe(
      `Service "web" is invalid: spec.ports[0].name: Invalid value: "${long}": must be no more than 63 characters`,
    );
  });

  it('rejects duplicate port names', () => {
    expect(
      rejects({
        ports: [
          { name: 'http', port: 80 },
          { name: 'http', port: 81 },
        ],
      }),
    ).toBe('Service "web" is invalid: spec.ports[1].name: Duplicate value: "http"');
  });

  it('rejects port 0 or a missing port, which also leaves targetPort 0', () => {
    expect(rejects({ ports: [{ targetPort: 8080 }] })).toBe(
      'Service "web" is invalid: spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
    );
    expect(rejects({ ports: [{ port: 70000, targetPort: 80 }] })).toBe(
      'Service "web" is invalid: spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive',
    );
  });

  it('rejects a lowercase protocol', () => {
    expect(rejects({ ports: [{ port: 80, protocol: 'tcp' }] })).toBe(
      'Service "web" is invalid: spec.ports[0].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"',
    );
  });

  it('rejects numeric and named targetPorts with the IANA service name rules', () => {
    expect(rejects({ ports: [{ port: 80, targetPort: 70000 }] })).toBe(
      'Service "web" is invalid: spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
    );
    expect(rejects({ ports: [{ port: 80, targetPort: 'my-very-long-port' }] })).toBe(
      'Service "web" is invalid: spec.ports[0].targetPort: Invalid value: "my-very-long-port": must be no more than 15 characters',
    );
    expect(rejects({ ports: [{ port: 80, targetPort: 'http_web' }] })).toBe(
      'Service "web" is invalid: spec.ports[0].targetPort: Invalid value: "http_web": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    );
    expect(rejects({ ports: [{ port: 80, targetPort: '8080' }] })).toBe(
      'Service "web" is invalid: spec.ports[0].targetPort: Invalid value: "8080": must contain at least one letter (a-z)',
    );
    expect(rejects({ ports: [{ port: 80, targetPort: 'a--b' }] })).toBe(
      'Service "web" is invalid: spec.ports[0].targetPort: Invalid value: "a--b": must not contain consecutive hyphens',
    );
    expect(rejects({ ports: [{ port: 80, targetPort: '-web' }] })).toBe(
      'Service "web" is invalid: spec.ports[0].targetPort: Invalid value: "-web": must not begin or end with a hyphen',
    );
  });

  it('rejects the same (protocol, port) twice with the internal struct as the value', () => {
    expect(
      rejects({
        ports: [
          { name: 'a', port: 443 },
          { name: 'b', port: 443, targetPort: 8443 },
        ],
      }),
    ).toBe(
      'Service "web" is invalid: spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:443, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}',
    );
  });

  it('rejects the same (protocol, nodePort) twice when allocation did not fail first', () => {
    // Entries with the same port number share one nodePort, so allocation accepts this; validation does not.
    expect(
      rejects({
        type: 'NodePort',
        ports: [
          { name: 'a', port: 80, nodePort: 30080 },
          { name: 'b', port: 80, nodePort: 30080 },
        ],
      }),
    ).toBe(
      'Service "web" is invalid: [spec.ports[1].nodePort: Duplicate value: 30080, spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}]',
    );
  });

  it('forbids nodePort on a ClusterIP Service', () => {
    expect(rejects({ ports: [{ port: 80, nodePort: 30080 }] })).toBe(
      'Service "web" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when `type` is \'ClusterIP\'',
    );
  });

  it('rejects a selector value and a selector key that are not valid labels', () => {
    expect(rejects({ selector: { app: 'my app' }, ports: [{ port: 80 }] })).toBe(
      `Service "web" is invalid: spec.selector: Invalid value: "my app": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    );
    expect(rejects({ selector: { 'my app': 'x' }, ports: [{ port: 80 }] })).toBe(
      `Service "web" is invalid: spec.selector: Invalid value: "my app": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
    );
    expect(rejects({ selector: { app: 'x'.repeat(64) }, ports: [{ port: 80 }] })).toBe(
      `Service "web" is invalid: spec.selector: Invalid value: "${'x'.repeat(64)}": must be no more than 63 characters`,
    );
  });

  it('requires a Service name to be a DNS-1035 label', () => {
    expect(rejects({ ports: [{ port: 80 }] }, '1web')).toBe(
      `Service "1web" is invalid: metadata.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
    );
  });

  it('rejects a mistyped sessionAffinity and an out-of-range affinity timeout', () => {
    expect(rejects({ sessionAffinity: 'clientip', ports: [{ port: 80 }] })).toBe(
      'Service "web" is invalid: spec.sessionAffinity: Unsupported value: "clientip": supported values: "ClientIP", "None"',
    );
    expect(
      rejects({
        sessionAffinity: 'ClientIP',
        sessionAffinityConfig: { clientIP: { timeoutSeconds: 0 } },
        ports: [{ port: 80 }],
      }),
    ).toBe(
      'Service "web" is invalid: spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 0: must be greater than 0 and less than 86400',
    );
  });

  it('rejects externalTrafficPolicy on a ClusterIP Service and a mistyped policy', () => {
    expect(rejects({ externalTrafficPolicy: 'Local', ports: [{ port: 80 }] })).toBe(
      'Service "web" is invalid: spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services',
    );
    expect(rejects({ type: 'NodePort', externalTrafficPolicy: 'local', ports: [{ port: 80 }] })).toBe(
      'Service "web" is invalid: spec.externalTrafficPolicy: Unsupported value: "local": supported values: "Cluster", "Local"',
    );
  });

  it('rejects a clusterIP that is not an IP before anything else', () => {
    expect(rejects({ clusterIP: '10.96.0.300', ports: [{ name: 'Bad', port: 80 }] })).toBe(
      'Service "web" is invalid: spec.clusterIPs[0]: Invalid value: "10.96.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    );
  });

  it('rejects loadBalancerSourceRanges and allocateLoadBalancerNodePorts on a non-LoadBalancer Service', () => {
    expect(rejects({ loadBalancerSourceRanges: ['10.0.0.0/8'], ports: [{ port: 80 }] })).toBe(
      'Service "web" is invalid: spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is \'LoadBalancer\'',
    );
    expect(rejects({ type: 'NodePort', allocateLoadBalancerNodePorts: false, ports: [{ port: 80 }] })).toBe(
      'Service "web" is invalid: spec.allocateLoadBalancerNodePorts: Forbidden: may only be used when `type` is \'LoadBalancer\'',
    );
  });

  it('prints several errors as a bracketed list in the order the API server checks them', () => {
    expect(rejects({ sessionAffinity: 'sticky', ports: [{ name: 'Web', port: 0, protocol: 'tcp' }] })).toBe(
      `Service "web" is invalid: [spec.ports[0].name: Invalid value: "Web": ${RFC1123_LABEL}, spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive, spec.ports[0].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP", spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive, spec.sessionAffinity: Unsupported value: "sticky": supported values: "ClientIP", "None"]`,
    );
  });

  it('answers 422 Invalid with details.causes that carry the message without the field', () => {
    const error = setup().createError(service('web', { ports: [{ port: 80, protocol: 'tcp' }] }));
    expect(error.toStatus()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'Service "web" is invalid: spec.ports[0].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"',
      reason: 'Invalid',
      details: {
        name: 'web',
        kind: 'Service',
        causes: [
          {
            reason: 'FieldValueNotSupported',
            message: 'Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"',
            field: 'spec.ports[0].protocol',
          },
        ],
      },
      code: 422,
    });
  });
});

describe('Headless and ExternalName Services (reference §1.8)', () => {
  it('allows a headless Service without ports', () => {
    expect(
      setup().create(service('db', { clusterIP: 'None', selector: { app: 'db' } })).spec.clusterIPs,
    ).toEqual(['None']);
  });

  it('rejects headless NodePort and LoadBalancer Services', () => {
    expect(rejects({ type: 'NodePort', clusterIP: 'None', ports: [{ port: 80 }] })).toBe(
      'Service "web" is invalid: spec.clusterIPs[0]: Invalid value: "None": may not be set to \'None\' for NodePort services',
    );
    expect(rejects({ type: 'LoadBalancer', clusterIP: 'None', ports: [{ port: 80 }] })).toBe(
      'Service "web" is invalid: spec.clusterIPs[0]: Invalid value: "None": may not be set to \'None\' for LoadBalancer services',
    );
  });

  it('tolerates a targetPort different from port on a headless Service', () => {
    expect(
      setup().create(service('db', { clusterIP: 'None', ports: [{ port: 5432, targetPort: 6543 }] })).spec
        .ports[0].targetPort,
    ).toBe(6543);
  });

  it('requires externalName for ExternalName Services and accepts a trailing dot', () => {
    expect(rejects({ type: 'ExternalName' })).toBe(
      'Service "web" is invalid: spec.externalName: Required value',
    );
    const svc = setup().create(service('ext', { type: 'ExternalName', externalName: 'db.example.com.' }));
    expect(svc.spec.clusterIP).toBeUndefined();
    expect(svc.spec.ipFamilyPolicy).toBeUndefined();
  });

  it('forbids a clusterIP on an ExternalName Service', () => {
    expect(rejects({ type: 'ExternalName', externalName: 'db.example.com', clusterIP: '10.96.0.50' })).toBe(
      'Service "web" is invalid: spec.clusterIPs: Forbidden: may not be set for ExternalName services',
    );
  });
});
