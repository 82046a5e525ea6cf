// Sends the same request many times, each on a new connection, and sums up who answered: the
// in-cluster view of a Service's load balancing.
import { type ProbeOptions, type ProbeResult, probeOnce } from './http-probe.ts';

export interface FetchManyOptions extends ProbeOptions {
  count: number;
  /** How many requests may be in flight at once. */
  concurrency: number;
}

export interface FetchSummary {
  count: number;
  /** Answers with a 2xx status. */
  ok: number;
  /** Everything else: other statuses, refused connections, timeouts, DNS failures. */
  failed: number;
  distinctPods: number;
  /** How many answers each Pod gave. */
  pods: Record<string, number>;
  /** How often each status code (or error code) was seen. */
  statuses: Record<string, number>;
  ms: number;
}

export interface FetchManyResult {
  summary: FetchSummary;
  results: Array<ProbeResult & { n: number }>;
}

export async function fetchMany(url: URL, options: FetchManyOptions): Promise<FetchManyResult> {
  const started = performance.now();
  const results = new Array<ProbeResult & { n: number }>(options.count);
  let next = 0;
  const worker = async () => {
    while (next < options.count) {
      const index = next++;
      results[index] = { n: index + 1, ...(await probeOnce(url, options)) };
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, options.count) }, worker));
  return { summary: summarize(results, Math.round(performance.now() - started)), results };
}

export function summarize(results: ProbeResult[], ms: number): FetchSummary {
  const pods: Record<string, number> = {};
  const statuses: Record<string, number> = {};
  let ok = 0;
  for (const result of results) {
    if (!result.error && result.status !== null && result.status >= 200 && result.status < 300) ok++;
    if (result.pod !== null) pods[result.pod] = (pods[result.pod] ?? 0) + 1;
    const key = result.error?.code ?? String(result.status);
    statuses[key] = (statuses[key] ?? 0) + 1;
  }
  return {
    count: results.length,
    ok,
    failed: results.length - ok,
    distinctPods: Object.keys(pods).length,
    pods,
    statuses,
    ms,
  };
}
