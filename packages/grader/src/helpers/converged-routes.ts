// Routes judged once the ingress controller routes by the Ingress as it is stored now. A controller
// reloads a moment after an Ingress changes (Traefik batches changes for up to 2 s) and until then
// answers by the previous version, which could pass or fail a submission that is not the one
// graded. So first wait, briefly, until the rows land where the stored rules send them by the spec;
// then judge them against what the lab asks.
import type { CheckEnv } from '../env.ts';
import { entryPointUrl, getOnce } from './host-traffic.ts';
import { routeFor } from './ingress-routing.ts';
import { requireObject } from './objects.ts';
import { expectRoutes, type Route, type RoutesOptions } from './routes.ts';
import { waitOrFail } from './waits.ts';

export interface ConvergedRoutesOptions extends RoutesOptions {
  /** The app (X-App-Name) answering behind each Service the Ingress may name. */
  appOf: Record<string, string>;
  /** The Service ports, by number or name, that reach those apps (default: any). */
  ports?: Array<number | string>;
  /** How long the controller may take to converge (default 10 s). */
  convergeMs?: number;
}

export async function expectConvergedRoutes(
  ctx: CheckEnv,
  ingress: string,
  routes: Route[],
  options: ConvergedRoutesOptions,
): Promise<void> {
  const stored = await requireObject(ctx, 'Ingress', ingress);
  const serves = (port: { number?: number; name?: string }) =>
    !options.ports || options.ports.some((p) => p === port.number || p === port.name);
  const predicted = routes.map(({ path, host }) => {
    const backend = routeFor(stored, path, host);
    return { path, host, app: backend && serves(backend.port) ? options.appOf[backend.service] : undefined };
  });
  await waitOrFail(
    `the ingress controller to route as Ingress "${ingress}" is stored now`,
    async () => {
      for (const { path, host, app } of predicted) {
        const answer = await getOnce(entryPointUrl(ctx, path, options.scheme), { host });
        if (answer.app !== app) {
          const seen = answer.app ?? (answer.error || String(answer.status));
          return {
            done: false,
            seen: `GET ${host ?? ''}${path} → ${seen}; the stored rules say ${app ?? 'no app'}`,
          };
        }
      }
      return { done: true, value: undefined };
    },
    { timeoutMs: options.convergeMs ?? 10_000 },
  )
    // A controller that disagrees with the spec is judged by what it does, just below.
    .catch(() => undefined);
  await expectRoutes(ctx, routes, { timeoutMs: 500, ...options });
}
