// Lab 08's grader: the Ingress "hello" is a networking.k8s.io/v1 Ingress for the traefik class, and
// requests through the ingress entry point land where the Prefix rules say — including the near
// misses (`/kubex` is not under `/kube`). The backend names its app in X-App-Name on every answer,
// 404s included, so each row says who answered. Run by `npx lab grade 08`.
import { check, fail, type GradingContext, getOnce, type Route } from '@workshop/grader';
import { routeFor } from '../lib/ingress-routing.ts';

const INGRESS = 'hello';
const WORLD = { app: 'hello-world' };
const KUBE = { app: 'hello-kubernetes' };
/** The app answering behind each of the lab's base Services (base/service-*.yaml, port 80 "http"). */
const APP_OF: Record<string, string> = {
  'hello-world': 'hello-world',
  'hello-kubernetes': 'hello-kubernetes',
};

check(
  'Ingress "hello" is a networking.k8s.io/v1 Ingress for the traefik class',
  {
    points: 2,
    hint: 'extensions/v1beta1 was removed in Kubernetes 1.22; the API group that serves Ingress today is the one in the lesson, and spec.ingressClassName names the controller (kubectl get ingressclass)',
    section: 'the-removed-api-and-how-to-migrate',
  },
  async (ctx) => {
    // Read through networking.k8s.io/v1: an Ingress stored by any other API version would not exist.
    const ingress = await ctx.require('Ingress', INGRESS);
    const spec = ingress.spec as { ingressClassName?: string } | undefined;
    const annotation = ingress.metadata.annotations?.['kubernetes.io/ingress.class'];
    // With the default IngressClass the API server fills ingressClassName in when it is left out.
    const className = spec?.ingressClassName ?? annotation;
    if (className !== 'traefik') {
      fail(
        `Ingress "${INGRESS}" with ingressClassName traefik`,
        className ? `class ${className}` : 'no class (no controller is asked to serve it)',
      );
    }
  },
);

check(
  '/ and every path no other rule claims reach hello-world',
  {
    points: 2,
    hint: 'With pathType Prefix, "/" matches every path; a "/*" glob is a literal character in networking.k8s.io/v1, not a wildcard',
    section: 'pathtype-decides-what-matches-means',
  },
  async (ctx) => {
    await expectCurrentRoutes(ctx, [
      { path: '/', expect: WORLD },
      { path: '/api/v1/hello', expect: WORLD },
      { path: '/hello/world', expect: WORLD },
    ]);
  },
);

check(
  '/kube and everything under /kube/ reach hello-kubernetes',
  {
    points: 3,
    hint: 'Exact matches one path only; the lab wants /kube and the whole subtree below it, which is what element-wise prefix matching gives',
    section: 'pathtype-decides-what-matches-means',
  },
  async (ctx) => {
    await expectCurrentRoutes(ctx, [
      { path: '/kube', expect: KUBE },
      { path: '/kube/', expect: KUBE },
      { path: '/kube/x', expect: KUBE },
      { path: '/kube/echo', expect: KUBE },
    ]);
  },
);

check(
  '/kubex is not under /kube: it reaches hello-world',
  {
    points: 2,
    hint: 'Prefix compares whole path elements, so /kubex is not under /kube and falls through to the rule for "/": check that rule and its backend Service',
    section: 'pathtype-decides-what-matches-means',
  },
  async (ctx) => {
    await expectCurrentRoutes(ctx, [
      { path: '/kubex', expect: WORLD },
      { path: '/kubernetes', expect: WORLD },
      { path: '/kubex/kube', expect: WORLD },
    ]);
  },
);

/**
 * Checks the routes once the controller routes by the Ingress as it is stored now. A controller
 * reloads a moment after an Ingress changes (Traefik batches changes for up to 2 s) and until then
 * answers by the previous version, which could pass or fail a submission that is not the one
 * graded. So first wait, briefly, until the paths land where the stored rules send them by the
 * spec; then judge them against what the lab asks.
 */
async function expectCurrentRoutes(ctx: GradingContext, routes: Route[]): Promise<void> {
  const ingress = await ctx.require('Ingress', INGRESS);
  const predicted = routes.map(({ path }) => {
    const backend = routeFor(ingress, path);
    const servesPort80 = backend && (backend.port.number === 80 || backend.port.name === 'http');
    return { path, app: servesPort80 ? APP_OF[backend.service] : undefined };
  });
  await ctx
    .waitFor(
      `the ingress controller to route as Ingress "${INGRESS}" is stored now`,
      async () => {
        for (const { path, app } of predicted) {
          const answer = await getOnce(ctx.entryPointUrl(path));
          if (answer.app !== app) {
            const seen = answer.app ?? (answer.error || String(answer.status));
            return { done: false, seen: `GET ${path} → ${seen}; the stored rules say ${app ?? 'no app'}` };
          }
        }
        return { done: true, value: undefined };
      },
      { timeoutMs: 10_000 },
    )
    // A controller that disagrees with the spec is judged by what it does, just below.
    .catch(() => undefined);
  await ctx.expectRoutes(routes, { timeoutMs: 500 });
}
