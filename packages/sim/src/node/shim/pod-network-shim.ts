// Loaded with `--import` into every Pod process: gives it what its own network namespace would.
// (a) dns.lookup answers cluster names like the Pod's resolv.conf (search path, ndots:5) by asking the
// cluster DNS; (b) a server listening on all interfaces binds the Pod IP instead; (c) the process
// dies with the sim (a watchdog pipe on fd 3), so a hard-killed sim leaves no orphan Pods behind;
// (d) outgoing connections leave from the Pod IP and servers on it turn the host away
// (addresses-mode.ts); (e) in the "ports" network mode (SIM_NETWORK_MODE=ports) listeners and
// connects are translated through the shared port table instead (ports-mode.ts).
// Bundled by esbuild (build-shim.ts) so it runs in plain `node` without tsx.
import dns from 'node:dns';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import { PortTable } from '../../core/port-table.ts';
import { candidateNames, inClusterZone } from '../../dns/search.ts';
import { installAddressesMode } from './addresses-mode.ts';
import { installPortsMode, realDnsServer } from './ports-mode.ts';

const podIP = process.env.SIM_POD_IP;
const namespace = process.env.SIM_POD_NAMESPACE ?? 'default';
const zone = process.env.SIM_CLUSTER_DOMAIN ?? 'cluster.local';
const dnsServer = process.env.SIM_DNS_SERVER;
const watchdogFd = process.env.SIM_WATCHDOG_FD;
const portTable =
  process.env.SIM_NETWORK_MODE === 'ports' && process.env.SIM_PORT_TABLE
    ? new PortTable(process.env.SIM_PORT_TABLE)
    : undefined;
const virtualCidrs = (process.env.SIM_VIRTUAL_CIDRS ?? '').split(',').filter(Boolean);
// Children of the Pod process inherit the environment but not the pipe.
delete process.env.SIM_WATCHDOG_FD;

if (watchdogFd) {
  const pipe = new net.Socket({ fd: Number(watchdogFd), readable: true, writable: false });
  const die = () => process.kill(process.pid, 'SIGKILL');
  pipe.on('end', die);
  pipe.on('close', die);
  pipe.on('error', die);
  pipe.resume();
  pipe.unref();
}

if (podIP && portTable) {
  installPortsMode({ podIP, table: portTable, cidrs: virtualCidrs });
} else if (podIP) {
  installAddressesMode({ podIP, podCIDR: process.env.SIM_POD_CIDR, nodeIP: process.env.SIM_NODE_IP });
}

type LookupAddress = { address: string; family: number };
type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address?: string | LookupAddress[],
  family?: number,
) => void;

if (dnsServer) {
  const originalLookup = dns.lookup;
  const resolver = new dns.promises.Resolver({ timeout: 2000, tries: 2 });
  let askedServer = '';
  // In ports mode the DNS server's real port can change (a restarted sim), so it is looked up per query.
  const useServer = () => {
    const server = portTable ? realDnsServer(dnsServer, portTable, virtualCidrs) : dnsServer;
    if (server !== askedServer) resolver.setServers([server]);
    askedServer = server;
  };
  useServer();

  const notFound = (hostname: string): NodeJS.ErrnoException =>
    Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
      code: 'ENOTFOUND',
      errno: -3008,
      syscall: 'getaddrinfo',
      hostname,
    });

  const osLookup = (hostname: string, options: dns.LookupAllOptions): Promise<LookupAddress[]> =>
    new Promise((resolve, reject) => {
      originalLookup(hostname, { ...options, all: true }, (error, addresses) =>
        error ? reject(error) : resolve(addresses),
      );
    });

  /** Asks the cluster DNS for one absolute name: addresses, or undefined for NXDOMAIN/no data. */
  const askCluster = async (fqdn: string, depth: number): Promise<LookupAddress[] | undefined> => {
    useServer();
    try {
      const addresses = await resolver.resolve4(fqdn);
      return addresses.map((address) => ({ address, family: 4 }));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOTFOUND') return undefined;
      if (code !== 'ENODATA' || depth > 4) throw error;
    }
    // The name exists without A records: an ExternalName Service answers with a CNAME.
    const targets = await resolver.resolveCname(fqdn).catch(() => [] as string[]);
    const target = targets[0];
    if (!target) return undefined;
    return inClusterZone(target, zone)
      ? askCluster(target, depth + 1)
      : osLookup(target, { all: true, family: 4 });
  };

  const resolveName = async (hostname: string, options: dns.LookupAllOptions): Promise<LookupAddress[]> => {
    const lower = hostname.toLowerCase();
    // /etc/hosts comes before DNS in a Pod too (localhost and friends).
    if (!hostname || net.isIP(hostname) || lower === 'localhost' || lower.endsWith('.localhost')) {
      return osLookup(hostname, options);
    }
    for (const candidate of candidateNames(hostname, namespace, zone)) {
      if (inClusterZone(candidate, zone)) {
        const found = await askCluster(candidate, 0);
        if (found && (options.family === 0 || options.family === 4 || options.family === undefined))
          return found;
        continue;
      }
      // The as-is attempt of a name outside the cluster goes to the host's resolver (CoreDNS forwards it).
      return osLookup(candidate, options);
    }
    throw notFound(hostname);
  };

  const normalize = (options: unknown): dns.LookupAllOptions & { wantAll: boolean } => {
    if (typeof options === 'number') return { family: options, all: true, wantAll: false };
    const o = (options ?? {}) as dns.LookupOptions;
    const family = o.family === 'IPv4' ? 4 : o.family === 'IPv6' ? 6 : (o.family ?? 0);
    return { ...o, family, all: true, wantAll: o.all === true };
  };

  const lookup = (hostname: string, options: unknown, callback?: LookupCallback): void => {
    const cb = (typeof options === 'function' ? options : callback) as LookupCallback;
    const { wantAll, ...rest } = normalize(typeof options === 'function' ? undefined : options);
    resolveName(hostname, rest).then(
      (addresses) => {
        if (wantAll) cb(null, addresses);
        else if (addresses[0]) cb(null, addresses[0].address, addresses[0].family);
        else cb(notFound(hostname));
      },
      (error) => cb(error),
    );
  };

  const promisesLookup = async (hostname: string, options?: unknown) => {
    const { wantAll, ...rest } = normalize(options);
    const addresses = await resolveName(hostname, rest);
    if (wantAll) return addresses;
    if (!addresses[0]) throw notFound(hostname);
    return addresses[0];
  };

  (dns as { lookup: unknown }).lookup = lookup;
  (dns.promises as { lookup: unknown }).lookup = promisesLookup;
  syncBuiltinESMExports();
}
