// Ingress hosts must be DNS names: not IP addresses, no port, lowercase, and a wildcard only as a whole
// first label (`*.example.com`). Checked for rules[].host and tls[].hosts[].
import { isIP } from 'node:net';
import { valueAt } from '../pod-templates.ts';
import { diagnosticAt } from '../source/locate.ts';
import type { Diagnostic, FieldPath, ManifestObject, Rule } from '../types.ts';

const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function hostsOf(object: ManifestObject): Array<{ path: FieldPath; host: string }> {
  const result: Array<{ path: FieldPath; host: string }> = [];
  const rules = valueAt(object.value, ['spec', 'rules']);
  if (Array.isArray(rules)) {
    rules.forEach((rule, index) => {
      const host = valueAt(rule, ['host']);
      if (typeof host === 'string' && host !== '')
        result.push({ path: ['spec', 'rules', index, 'host'], host });
    });
  }
  const tls = valueAt(object.value, ['spec', 'tls']);
  if (Array.isArray(tls)) {
    tls.forEach((entry, index) => {
      const hosts = valueAt(entry, ['hosts']);
      if (!Array.isArray(hosts)) return;
      hosts.forEach((host, hostIndex) => {
        if (typeof host === 'string' && host !== '') {
          result.push({ path: ['spec', 'tls', index, 'hosts', hostIndex], host });
        }
      });
    });
  }
  return result;
}

function check(object: ManifestObject, path: FieldPath, host: string): Diagnostic | undefined {
  const withoutPort = host.replace(/:\d+$/, '');
  if (isIP(host) || isIP(withoutPort) || isIP(host.replace(/^\[|\]$/g, ''))) {
    return diagnosticAt(object, path, 'value', {
      severity: 'error',
      rule: 'host-ip',
      message: `host "${host}" is an IP address; Ingress hosts must be DNS names`,
      hint: "leave host out to match requests to any name or IP, or use a name such as myapp.example.com and test it with curl -H 'Host: myapp.example.com'",
    });
  }
  if (host.includes('*')) {
    if (host.startsWith('*.') && SUBDOMAIN.test(host.slice(2))) return undefined;
    return diagnosticAt(object, path, 'value', {
      severity: 'error',
      rule: 'host-wildcard',
      message: `host "${host}" is not a valid wildcard: "*" must be the whole first label, as in *.example.com`,
      hint: 'a wildcard matches exactly one label (*.example.com matches a.example.com, not example.com); leave host out to match every host',
    });
  }
  if (!SUBDOMAIN.test(host) || host.length > 253) {
    let hint = 'a host is a lowercase DNS name such as myapp.example.com';
    if (withoutPort !== host)
      hint = `leave the port out: write ${withoutPort}; the entry point decides the port`;
    else if (host.toLowerCase() !== host) hint = `write it in lowercase: ${host.toLowerCase()}`;
    else if (host.endsWith('.')) hint = `drop the trailing dot: ${host.slice(0, -1)}`;
    return diagnosticAt(object, path, 'value', {
      severity: 'error',
      rule: 'host-invalid',
      message: `host "${host}" is not a lowercase RFC 1123 DNS name`,
      hint,
    });
  }
  return undefined;
}

export const ingressHostRule: Rule = {
  id: 'ingress-host',
  check(object) {
    if (object.kind !== 'Ingress') return [];
    return hostsOf(object)
      .map(({ path, host }) => check(object, path, host))
      .filter((d): d is Diagnostic => d !== undefined);
  },
};
