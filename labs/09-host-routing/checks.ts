// Lab 09's proofs: the Ingress "virtual-hosts" routes by host on one entry point. Every row is a
// request with its own Host header, as `curl -H 'Host: …'` sends it; the backend names its app in
// X-App-Name on every answer, so a row says who answered, and "404 (no backend)" means the
// controller answered itself. A wrong row is explained from the stored rules (which rule took the
// host, or why none did), so the message names the mistake, not only the 404. Titles, points and
// hints are in lab.yaml.

import type { GradingContext } from '@workshop/grader';
import { CheckFailure, type ConvergedRoutesOptions, defineChecks, fail, type Route } from '@workshop/grader';
import { explainRows, hostProblems, wrongRows } from '../lib/host-rules.ts';

const INGRESS = 'virtual-hosts';
const HOSTS = ['myapp.example.com', 'admin.example.com', '*.preview.example.com'];
const MY_APP = { app: 'my-app' };
const ADMIN = { app: 'admin' };
const PREVIEW = { app: 'preview' };
const NOT_FOUND = { status: 404 };
/** The app answering behind each of the lab's base Services (base/service-*.yaml, port 80 "http"). */
const ROUTING: ConvergedRoutesOptions = {
  appOf: { 'my-app-service': 'my-app', 'admin-service': 'admin', 'preview-service': 'preview' },
  ports: [80, 'http'],
  // expectConvergedRoutes first waits until the controller routes as the stored rules say; after
  // that one pass is the verdict, so a wrong row fails at once instead of being polled again.
  timeoutMs: 0,
};

/** The routes through the entry point, with each wrong row explained by the stored rules. */
async function expectHostRoutes(ctx: GradingContext, routes: Route[]): Promise<void> {
  const stored = await ctx.require('Ingress', INGRESS);
  // An Ingress for another class is served by no controller here: waiting for routes would be in vain.
  const className = (stored.spec as { ingressClassName?: string } | undefined)?.ingressClassName;
  if (className && className !== 'traefik')
    fail(`Ingress "${INGRESS}" for the traefik class`, `class ${className}, which no controller here serves`);
  try {
    await ctx.expectConvergedRoutes(INGRESS, routes, ROUTING);
  } catch (error) {
    if (!(error instanceof CheckFailure)) throw error;
    const wrong = wrongRows(error.observed, routes);
    if (!wrong.length) throw error;
    throw new CheckFailure(`${error.message}. By the stored rules: ${explainRows(stored, wrong)}`, error, {
      cause: error,
    });
  }
}

export default defineChecks({
  'host-rules': async (ctx) => {
    const stored = await ctx.require('Ingress', INGRESS);
    const problems = hostProblems(stored, HOSTS);
    if (problems.length)
      fail(`one rule for each of ${HOSTS.join(', ')} and no rule without host`, problems.join('; '));
  },

  'myapp-api': async (ctx) => {
    await expectHostRoutes(ctx, [
      { host: 'myapp.example.com', path: '/api', expect: MY_APP },
      { host: 'myapp.example.com', path: '/api/v1/hello', expect: MY_APP },
    ]);
  },

  'admin-root': async (ctx) => {
    await expectHostRoutes(ctx, [
      { host: 'admin.example.com', path: '/', expect: ADMIN },
      { host: 'admin.example.com', path: '/settings', expect: ADMIN },
      { host: 'admin.example.com', path: '/api', expect: ADMIN },
    ]);
  },

  'no-rule-404': async (ctx) => {
    // myapp.example.com has rules, so only their paths count: nothing else of that host is routed.
    await expectHostRoutes(ctx, [
      { host: 'myapp.example.com', path: '/', expect: NOT_FOUND },
      { host: 'myapp.example.com', path: '/admin', expect: NOT_FOUND },
      { host: 'myapp.example.com', path: '/apix', expect: NOT_FOUND },
    ]);
  },

  'unknown-host-404': async (ctx) => {
    await expectHostRoutes(ctx, [
      { host: 'shop.example.com', path: '/', expect: NOT_FOUND },
      { host: 'example.com', path: '/', expect: NOT_FOUND },
      { host: 'myapp.example.org', path: '/api', expect: NOT_FOUND },
      { host: 'localhost', path: '/', expect: NOT_FOUND },
    ]);
  },

  'wildcard-one-label': async (ctx) => {
    await expectHostRoutes(ctx, [
      { host: 'pr-42.preview.example.com', path: '/', expect: PREVIEW },
      { host: 'pr-7.preview.example.com', path: '/docs', expect: PREVIEW },
      { host: 'preview.example.com', path: '/', expect: NOT_FOUND },
      { host: 'a.pr-42.preview.example.com', path: '/', expect: NOT_FOUND },
    ]);
  },
});
