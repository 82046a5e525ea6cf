// Name resolution as the Pod's own programs see it: dns.lookup (getaddrinfo, resolv.conf search
// list), not a direct DNS query, so the answer matches what `http://api-service` would reach.
import dns from 'node:dns';

export interface ResolveResult {
  name: string;
  addresses: Array<{ address: string; family: number }>;
  /** The resolver's error code (ENOTFOUND, EAI_AGAIN, ...) when the name did not resolve. */
  error?: { code: string; message: string };
  ms: number;
}

export function resolveName(name: string): Promise<ResolveResult> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    // Looked up through the module object at call time, so a preloaded resolver (the sim's Pod
    // network namespace stand-in) is the one used.
    dns.lookup(name, { all: true }, (err, addresses) => {
      if (err) {
        resolve({
          name,
          addresses: [],
          error: { code: err.code ?? 'UNKNOWN', message: err.message },
          ms: ms(),
        });
      } else {
        resolve({ name, addresses: addresses.map(({ address, family }) => ({ address, family })), ms: ms() });
      }
    });
  });
}
