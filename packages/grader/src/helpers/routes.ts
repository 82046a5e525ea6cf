// A routing table proven through the ingress entry point: each row is a host/path and who must
// answer it. One failure lists every row that went wrong, e.g. `GET /kubex → hello-kubernetes,
// expected hello-world`.
import type { CheckEnv } from '../env.ts';
import { CheckFailure } from '../failure.ts';
import { entryPointUrl, getOnce } from './host-traffic.ts';

export interface Route {
  host?: string;
  path: string;
  /** The app (X-App-Name of the backend) that must answer, or the status that must come back. */
  expect: { app: string } | { status: number };
}

export interface RoutesOptions {
  /** `http` (default) or `https`. */
  scheme?: 'http' | 'https';
  /** Requests per row (default 3), so a rule that splits traffic is caught. */
  requests?: number;
  /** How long the ingress controller may take to apply the rules (default 20 s). */
  timeoutMs?: number;
}

function rowName(route: Route): string {
  return `GET ${route.host ?? ''}${route.path}`;
}

/** A status row means "answered by no backend" (the controller's own 404/503), so it reads `404 (no backend)`. */
function wanted(route: Route): string {
  return 'app' in route.expect ? route.expect.app : `${route.expect.status} (no backend)`;
}

async function observe(ctx: CheckEnv, route: Route, options: RoutesOptions): Promise<string | undefined> {
  const url = entryPointUrl(ctx, route.path, options.scheme);
  const seen = new Set<string>();
  for (let i = 0; i < (options.requests ?? 3); i++) {
    const a = await getOnce(url, { host: route.host });
    if (a.error) seen.add(`no answer (${a.error})`);
    // An app row is about routing: whichever status the app gave (its 404s too), it was reached.
    else if ('app' in route.expect) seen.add(a.app ?? `${a.status} (no backend)`);
    else seen.add(a.app ? `${a.app} (${a.status})` : `${a.status} (no backend)`);
  }
  const got = [...seen];
  return got.length === 1 && got[0] === wanted(route) ? undefined : got.join(' and ');
}

/** Checks every row; polls until all pass or the deadline, then reports the rows still wrong. */
export async function expectRoutes(
  ctx: CheckEnv,
  routes: Route[],
  options: RoutesOptions = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    const wrong: string[] = [];
    for (const route of routes) {
      const observed = await observe(ctx, route, options);
      if (observed !== undefined) wrong.push(`${rowName(route)} → ${observed}, expected ${wanted(route)}`);
    }
    if (!wrong.length) return;
    if (Date.now() >= deadline) {
      throw new CheckFailure(
        `${wrong.length} of ${routes.length} routes through ${ctx.entryPoints[options.scheme ?? 'http']} went wrong: ${wrong.join('; ')}`,
        {
          expected: routes.map((r) => `${rowName(r)} → ${wanted(r)}`).join('; '),
          observed: wrong.join('; '),
        },
      );
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}
