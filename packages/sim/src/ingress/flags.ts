// Traefik's static configuration from CLI flags (`--entryPoints.web.address=:8000/tcp`), for the
// subset the workshop's Deployment passes. Like Traefik, flag names are case-insensitive; flags the
// sim does not implement are collected so main can warn once about each.

export interface EntryPointConfig {
  name: string;
  /** As written, e.g. `:8000/tcp` or `127.0.0.1:0`. */
  address: string;
  /** `entryPoints.<name>.http.tls`: every router on this entry point terminates TLS. */
  tls: boolean;
}

export interface TraefikConfig {
  entryPoints: EntryPointConfig[];
  ping: boolean;
  api: boolean;
  dashboard: boolean;
  kubernetesIngress: {
    enabled: boolean;
    strictPrefixMatching: boolean;
    allowEmptyServices: boolean;
    allowExternalNameServices: boolean;
    ingressClass: string;
    publishedService: string;
    ip: string;
    hostname: string;
  };
  kubernetesCRD: boolean;
  logLevel: string;
  accessLog: boolean;
  /** Flags accepted by Traefik that the sim ignores (name=value as given). */
  ignored: string[];
}

function parseBool(name: string, value: string): boolean {
  const v = value.toLowerCase();
  if (v === 'true' || v === '') return true;
  if (v === 'false') return false;
  throw new Error(`expected --${name} to be true or false, found "${value}"`);
}

/** Splits `--a.b=c`, `--a.b c` and bare `--a.b` into [lower-case name, value, original name]. */
function tokenize(args: string[]): Array<[string, string, string]> {
  const out: Array<[string, string, string]> = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (!arg.startsWith('--')) {
      throw new Error(`expected a flag of the form --name=value, found "${arg}"`);
    }
    const body = arg.slice(2);
    const eq = body.indexOf('=');
    if (eq !== -1) {
      out.push([body.slice(0, eq).toLowerCase(), body.slice(eq + 1), body.slice(0, eq)]);
    } else if (i + 1 < args.length && !(args[i + 1] ?? '').startsWith('--')) {
      out.push([body.toLowerCase(), args[i + 1] ?? '', body]);
      i += 1;
    } else {
      out.push([body.toLowerCase(), '', body]);
    }
  }
  return out;
}

export function parseTraefikFlags(args: string[]): TraefikConfig {
  const config: TraefikConfig = {
    entryPoints: [],
    ping: false,
    api: false,
    dashboard: false,
    kubernetesIngress: {
      enabled: false,
      strictPrefixMatching: false,
      allowEmptyServices: false,
      allowExternalNameServices: false,
      ingressClass: '',
      publishedService: '',
      ip: '',
      hostname: '',
    },
    kubernetesCRD: false,
    logLevel: 'ERROR',
    accessLog: false,
    ignored: [],
  };
  const entryPoints = new Map<string, EntryPointConfig>();
  const entryPoint = (name: string): EntryPointConfig => {
    let ep = entryPoints.get(name.toLowerCase());
    if (!ep) {
      ep = { name, address: '', tls: false };
      entryPoints.set(name.toLowerCase(), ep);
    }
    return ep;
  };
  const k = config.kubernetesIngress;

  for (const [name, value, original] of tokenize(args)) {
    const ep = /^entrypoints\.([^.]+)\.(.+)$/.exec(name);
    const originalEp = /^entrypoints\.([^.]+)\./i.exec(original)?.[1] ?? '';
    if (ep) {
      const [, , field] = ep;
      if (field === 'address') entryPoint(originalEp).address = value;
      else if (field === 'http.tls') entryPoint(originalEp).tls = parseBool(name, value);
      else config.ignored.push(`${original}=${value}`);
      continue;
    }
    switch (name) {
      case 'ping':
        config.ping = parseBool(name, value);
        break;
      case 'api':
        config.api = parseBool(name, value);
        break;
      case 'api.dashboard':
        config.dashboard = parseBool(name, value);
        config.api = config.api || config.dashboard;
        break;
      case 'api.insecure':
        config.api = config.api || parseBool(name, value);
        break;
      case 'providers.kubernetesingress':
        k.enabled = parseBool(name, value);
        break;
      case 'providers.kubernetesingress.strictprefixmatching':
        k.enabled = true;
        k.strictPrefixMatching = parseBool(name, value);
        break;
      case 'providers.kubernetesingress.allowemptyservices':
        k.enabled = true;
        k.allowEmptyServices = parseBool(name, value);
        break;
      case 'providers.kubernetesingress.allowexternalnameservices':
        k.enabled = true;
        k.allowExternalNameServices = parseBool(name, value);
        break;
      case 'providers.kubernetesingress.ingressclass':
        k.enabled = true;
        k.ingressClass = value;
        break;
      case 'providers.kubernetesingress.ingressendpoint.publishedservice':
        k.enabled = true;
        k.publishedService = value;
        break;
      case 'providers.kubernetesingress.ingressendpoint.ip':
        k.enabled = true;
        k.ip = value;
        break;
      case 'providers.kubernetesingress.ingressendpoint.hostname':
        k.enabled = true;
        k.hostname = value;
        break;
      case 'providers.kubernetescrd':
        config.kubernetesCRD = parseBool(name, value);
        break;
      case 'log.level':
        config.logLevel = value;
        break;
      case 'accesslog':
        config.accessLog = parseBool(name, value);
        break;
      default:
        config.ignored.push(value === '' ? original : `${original}=${value}`);
    }
  }

  for (const ep of entryPoints.values()) {
    if (!ep.address) throw new Error(`expected --entryPoints.${ep.name}.address to be set, found none`);
  }
  config.entryPoints = [...entryPoints.values()];
  // Traefik's defaults: an `http` entry point on :80 when none is given, and a `traefik` one on
  // :8080 for the API and ping when they are on and no entry point of that name exists.
  if (config.entryPoints.length === 0) config.entryPoints.push({ name: 'http', address: ':80', tls: false });
  if ((config.ping || config.api) && !entryPoints.has('traefik')) {
    config.entryPoints.push({ name: 'traefik', address: ':8080', tls: false });
  }
  return config;
}

/** `:8000/tcp` → { host: undefined, port: 8000 }; `127.0.0.1:0` → { host: '127.0.0.1', port: 0 }. */
export function parseAddress(address: string): { host: string | undefined; port: number } {
  const withoutProto = address.replace(/\/(tcp|udp)$/i, '');
  const colon = withoutProto.lastIndexOf(':');
  const host = colon > 0 ? withoutProto.slice(0, colon).replace(/^\[|\]$/g, '') : undefined;
  const port = Number(withoutProto.slice(colon + 1));
  if (colon === -1 || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(
      `expected an entry point address like ":8000/tcp" or "127.0.0.1:8000", found "${address}"`,
    );
  }
  return { host: host || undefined, port };
}
