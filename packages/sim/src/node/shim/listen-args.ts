// Rewrites the arguments of net.Server#listen so that "all interfaces" means the Pod IP, the way a
// wildcard bind in a Pod's own network namespace only reaches that Pod.
const WILDCARDS = new Set(['', '::', '0.0.0.0', '::0', '0:0:0:0:0:0:0:0']);

function isWildcard(host: unknown): boolean {
  return host === undefined || host === null || (typeof host === 'string' && WILDCARDS.has(host));
}

/** The listen() arguments with a wildcard (or missing) host replaced by `podIP`; IPC paths and handles are untouched. */
export function rewriteListenArgs(args: unknown[], podIP: string): unknown[] {
  const [first, second] = args;
  if (args.length === 0) return [0, podIP];
  if (typeof first === 'function') return [0, podIP, ...args];
  if (typeof first === 'object' && first !== null) {
    const options = first as Record<string, unknown>;
    // Handles ({ _handle } / { fd }) and IPC paths keep their meaning.
    if ('path' in options || '_handle' in options || 'fd' in options || 'handle' in options) return args;
    if (!isWildcard(options.host)) return args;
    return [{ ...options, host: podIP, ipv6Only: false }, ...args.slice(1)];
  }
  const isPort =
    typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first)) || first == null;
  if (!isPort) return args; // a pipe or socket path
  if (typeof second === 'string') return isWildcard(second) ? [first, podIP, ...args.slice(2)] : args;
  return [first ?? 0, podIP, ...args.slice(1)];
}

/**
 * Ports mode: listen() arguments (after rewriteListenArgs) that bind the Pod IP become 127.0.0.1 at an
 * ephemeral port; `virtualPort` is the port the program asked for (0 = any). Undefined when the
 * server binds something else (an explicit other address, a pipe, a handle).
 */
export function toRealListenArgs(
  args: unknown[],
  podIP: string,
  realHost: string,
): { args: unknown[]; virtualPort: number } | undefined {
  const [first, second] = args;
  if (typeof first === 'object' && first !== null) {
    const options = first as Record<string, unknown>;
    if (options.host !== podIP) return undefined;
    return {
      args: [{ ...options, host: realHost, port: 0 }, ...args.slice(1)],
      virtualPort: Number(options.port ?? 0),
    };
  }
  if (second !== podIP) return undefined;
  return { args: [0, realHost, ...args.slice(2)], virtualPort: Number(first ?? 0) };
}
