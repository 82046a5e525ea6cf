// Lab 11's proofs: Ingress "api" drops the ingress-nginx annotation Traefik ignores, Middleware
// "strip-api" rewrites the path, the Ingress attaches it by `<namespace>-<name>@kubernetescrd`, and a
// request through the entry point reaches the backend with exactly the leading /api removed. The
// backend reports the path it received (request.path, or path in its 404 body), so the checks read
// what the Pod saw, not what was sent. Titles, points and hints are in lab.yaml.
import { type CheckEnv, defineChecks, fail, getOnce, routeFor } from '@workshop/grader';
import type { KubeObject } from '@workshop/kube';
import {
  MIDDLEWARES_ANNOTATION,
  middlewareRef,
  middlewareRefs,
  type PathPrediction,
  predictPath,
} from '../lib/traefik-rewrites.ts';

const INGRESS = 'api';
const MIDDLEWARE = 'strip-api';
const APP = 'backend';
const NGINX = 'nginx.ingress.kubernetes.io/';
const PATH_TYPES = ['stripPrefix', 'replacePathRegex', 'stripPrefixRegex'];

/** A request at the edge and the path the backend must see for it. */
interface Row {
  sent: string;
  want: string;
}

/** What came back for one request: the path the backend saw, or who else answered. */
type Seen = { path: string } | { other: string };

async function observe(ctx: CheckEnv, sent: string): Promise<Seen> {
  const answer = await getOnce(`${ctx.entryPoints.http.replace(/\/+$/, '')}${sent}`);
  if (answer.error) return { other: `no answer (${answer.error})` };
  if (answer.app !== APP) {
    return {
      other: answer.app ? `${answer.app} (${answer.status})` : `${answer.status} from the controller`,
    };
  }
  try {
    // The hello and echo answers carry request.path; the backend's 404 body carries path.
    const body = JSON.parse(answer.body) as { request?: { path?: string }; path?: string };
    const path = body.request?.path ?? body.path;
    if (typeof path === 'string') return { path };
  } catch {
    // not JSON: said below
  }
  return { other: `${answer.status} from the backend without the path it saw` };
}

const sameAs = (seen: Seen, prediction: PathPrediction) =>
  'path' in prediction
    ? 'path' in seen && seen.path === prediction.path
    : 'noRouter' in prediction && 'other' in seen;

/** The stored Ingress and the lab's Middlewares, and what Traefik should do with a path by them. */
async function storedState(ctx: CheckEnv) {
  const ingress = await ctx.kube.get<KubeObject>({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    name: INGRESS,
    namespace: ctx.namespace,
  });
  if (!ingress) fail(`Ingress "${INGRESS}" in namespace ${ctx.namespace}`, 'none');
  const middlewares = await ctx.kube.list<KubeObject>('traefik.io/v1alpha1', 'Middleware', {
    namespace: ctx.namespace,
  });
  const refs = middlewareRefs(ingress);
  const predict = (sent: string): PathPrediction | undefined => {
    const className = (ingress.spec as { ingressClassName?: string } | undefined)?.ingressClassName;
    if (className && className !== 'traefik')
      return { noRouter: `Ingress "${INGRESS}" has class ${className}` };
    const backend = routeFor(ingress, sent);
    if (!backend) return { noRouter: `no rule of Ingress "${INGRESS}" matches ${sent}` };
    if (backend.service !== APP) return undefined;
    return predictPath(sent, refs, middlewares);
  };
  return { ingress, middlewares, refs, predict };
}

/**
 * Sends each row through the entry point once the controller routes as the stored objects say (it
 * reloads a moment after a change), then fails with every row the backend saw wrong.
 */
async function expectBackendSees(ctx: CheckEnv, rows: Row[], advice: (seen: Seen, row: Row) => string) {
  const { predict } = await storedState(ctx);
  const predicted = rows.map((row) => predict(row.sent));
  const deadline = Date.now() + 6_000;
  let seen: Seen[] = [];
  for (;;) {
    seen = await Promise.all(rows.map((row) => observe(ctx, row.sent)));
    const converged = predicted.every(
      (p, i) => p === undefined || 'unknown' in p || sameAs(seen[i] as Seen, p),
    );
    if (converged || Date.now() >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  const reasons = new Set<string>();
  const wrong = rows.flatMap((row, i) => {
    const got = seen[i] as Seen;
    if ('path' in got && got.path === row.want) return [];
    const p = predicted[i];
    // Why no backend saw it, when the stored objects explain it; else the check's own advice.
    const reason =
      p && 'noRouter' in p && 'other' in got ? `Traefik builds no router: ${p.noRouter}` : advice(got, row);
    if (reason) reasons.add(reason);
    const what = 'path' in got ? `the backend saw ${got.path}` : `${got.other}, no backend saw it`;
    return [`GET ${row.sent} → ${what}, expected ${row.want}`];
  });
  if (wrong.length) {
    fail(
      `the backend to see ${rows.map((r) => r.want).join(' and ')}`,
      `${wrong.join('; ')}${reasons.size ? ` (${[...reasons].join('; ')})` : ''}`,
    );
  }
}

export default defineChecks({
  'no-nginx-annotations': async (ctx) => {
    const ingress = await ctx.require('Ingress', INGRESS);
    const ignored = Object.keys(ingress.metadata.annotations ?? {}).filter((key) => key.startsWith(NGINX));
    if (ignored.length) {
      fail(
        `no ${NGINX}* annotation on Ingress "${INGRESS}" (class traefik)`,
        `${ignored.join(', ')}, which Traefik ignores: it reads only traefik.ingress.kubernetes.io/ annotations`,
      );
    }
  },

  middleware: async (ctx) => {
    const middleware = await ctx.require('Middleware', MIDDLEWARE);
    const types = Object.keys((middleware.spec ?? {}) as object);
    if (types.length === 0) {
      fail(
        `Middleware "${MIDDLEWARE}" of type stripPrefix or replacePathRegex`,
        'an empty spec: no type at all',
      );
    }
    if (types.length > 1) {
      fail(`Middleware "${MIDDLEWARE}" with one type`, `${types.length} types (${types.join(', ')})`);
    }
    const [type] = types;
    if (!PATH_TYPES.includes(type ?? '')) {
      fail(
        `Middleware "${MIDDLEWARE}" of type stripPrefix or replacePathRegex`,
        `type ${type}, which does not remove a prefix`,
      );
    }
  },

  attached: async (ctx) => {
    const { ingress, middlewares, refs } = await storedState(ctx);
    const want = middlewareRef(ctx.namespace, MIDDLEWARE);
    if (refs.includes(want)) return;
    const expected = `${MIDDLEWARES_ANNOTATION}: ${want}`;
    if (!refs.length) {
      const nginx = Object.keys(ingress.metadata.annotations ?? {}).some((key) => key.startsWith(NGINX));
      fail(
        expected,
        `no such annotation${nginx ? ' (only ingress-nginx annotations, which Traefik ignores)' : ''}`,
      );
    }
    const names = middlewares.map((m) => middlewareRef(m.metadata.namespace ?? '', m.metadata.name ?? ''));
    const problems = refs.map((ref) => {
      if (!ref.endsWith('@kubernetescrd')) {
        return `${ref} has no @kubernetescrd: a Middleware object is named through the kubernetescrd provider`;
      }
      if (names.includes(ref)) return `${ref} is another Middleware of the lab`;
      const base = ref.slice(0, -'@kubernetescrd'.length);
      if (base.endsWith(`-${MIDDLEWARE}`)) {
        const namespace = base.slice(0, -MIDDLEWARE.length - 1);
        return `${ref} names namespace ${namespace || '(none)'}, but Middleware "${MIDDLEWARE}" is in ${ctx.namespace}`;
      }
      if (base.startsWith(`${ctx.namespace}-`)) {
        const name = base.slice(ctx.namespace.length + 1);
        return `${ref} names Middleware "${name}", which ${ctx.namespace} does not have (it has ${middlewares.map((m) => `"${m.metadata.name}"`).join(', ') || 'none'})`;
      }
      return `${ref} is not ${ctx.namespace}-<name>@kubernetescrd`;
    });
    fail(expected, problems.join('; '));
  },

  rewrite: async (ctx) => {
    await expectBackendSees(
      ctx,
      [
        { sent: '/api/v1/hello', want: '/v1/hello' },
        { sent: '/api/v1/echo/demo', want: '/v1/echo/demo' },
      ],
      (seen, row) =>
        'path' in seen && seen.path === row.sent
          ? 'the path arrived unchanged: no Middleware rewrote it'
          : '',
    );
  },

  'only-the-prefix': async (ctx) => {
    await expectBackendSees(
      ctx,
      [
        { sent: '/api/v1/echo/api/x', want: '/v1/echo/api/x' },
        { sent: '/api/v1/echo/deep/er', want: '/v1/echo/deep/er' },
      ],
      (seen, row) =>
        'path' in seen && seen.path === row.sent
          ? 'the path arrived unchanged: no Middleware rewrote it'
          : 'only the /api at the start of the path may go',
    );
  },
});
