// Lab 10's proofs: Secret "myapp-tls" is a TLS pair for myapp.example.com, Ingress "myapp" names it
// in spec.tls for that host, the HTTPS entry point presents it (not Traefik's default certificate),
// and behind it my-app gets plain HTTP, over HTTPS told so by X-Forwarded-Proto. Titles, points and
// hints are in lab.yaml.

import type { GradingContext } from '@workshop/grader';
import {
  type ConvergedRoutesOptions,
  covers,
  defineChecks,
  expectConvergedCertificate,
  fail,
  getOnce,
  listText,
  readTlsSecret,
} from '@workshop/grader';

const HOST = 'myapp.example.com';
const INGRESS = 'myapp';
const SECRET = 'myapp-tls';
const PATH = '/api/v1/hello';
/** The app answering behind base/service-my-app-service.yaml (port 80 "http"). */
const ROUTING: ConvergedRoutesOptions = { appOf: { 'my-app-service': 'my-app' }, ports: [80, 'http'] };

interface IngressTls {
  hosts?: string[];
  secretName?: string;
}

/** Routes HOST to my-app over `scheme` and returns the X-Forwarded-Proto that my-app received. */
async function forwardedProto(ctx: GradingContext, scheme: 'http' | 'https'): Promise<string | undefined> {
  await ctx.expectConvergedRoutes(INGRESS, [{ host: HOST, path: PATH, expect: { app: 'my-app' } }], {
    ...ROUTING,
    scheme,
  });
  const answer = await getOnce(ctx.entryPointUrl(PATH, scheme), { host: HOST });
  try {
    const body = JSON.parse(answer.body) as { request?: { forwarded?: Record<string, string> } };
    return body.request?.forwarded?.['x-forwarded-proto'];
  } catch {
    fail(`the JSON answer of my-app to ${scheme.toUpperCase()} GET ${HOST}${PATH}`, answer.body.slice(0, 80));
  }
}

export default defineChecks({
  'tls-secret': async (ctx) => {
    const secret = await ctx.require('Secret', SECRET);
    const contents = readTlsSecret(secret);
    const problems: string[] = [];
    if (contents.type !== 'kubernetes.io/tls')
      problems.push(`it has type ${contents.type}, and a TLS Secret has type kubernetes.io/tls`);
    if (contents.problem) problems.push(contents.problem.replace(`Secret "${SECRET}" `, 'it '));
    else if (!contents.names.some((n) => covers(n, HOST)))
      problems.push(`its certificate is for ${listText(contents.names)}, not ${HOST}`);
    if (problems.length)
      fail(
        `Secret "${SECRET}" of type kubernetes.io/tls with a certificate for ${HOST}`,
        problems.join('; '),
      );
  },

  'ingress-tls': async (ctx) => {
    const ingress = await ctx.require('Ingress', INGRESS);
    const tls = ((ingress.spec as { tls?: IngressTls[] } | undefined)?.tls ?? []) as IngressTls[];
    const want = `spec.tls with hosts [${HOST}] and secretName ${SECRET}`;
    if (!tls.length)
      fail(want, `Ingress "${INGRESS}" has no spec.tls, so ${HOST} gets the default certificate`);
    const entry = tls.find((t) => t.hosts?.some((h) => h.toLowerCase() === HOST));
    if (!entry) {
      const listed = tls.flatMap((t) => t.hosts ?? []);
      fail(
        want,
        `spec.tls lists ${listed.length ? listText(listed) : 'no hosts'}, but the rule's host is ${HOST}`,
      );
    }
    const named = entry.secretName ?? '';
    if (!named) fail(want, `the spec.tls entry for ${HOST} names no secretName`);
    if (!(await ctx.get('Secret', named))) {
      const secrets = (await ctx.kube.list('v1', 'Secret', { namespace: ctx.namespace })).map(
        (s) => `"${s.metadata.name}"`,
      );
      fail(
        want,
        `spec.tls names Secret "${named}", which does not exist in ${ctx.namespace} (it has ${listText(secrets)})`,
      );
    }
  },

  certificate: async (ctx) => {
    await expectConvergedCertificate(ctx, INGRESS, HOST, { secret: SECRET });
  },

  'https-route': async (ctx) => {
    const proto = await forwardedProto(ctx, 'https');
    if (proto !== 'https')
      fail(
        'my-app to receive X-Forwarded-Proto: https over HTTPS',
        proto ? `X-Forwarded-Proto: ${proto}` : 'no X-Forwarded-Proto',
      );
  },

  'http-still-works': async (ctx) => {
    const proto = await forwardedProto(ctx, 'http');
    if (proto !== 'http')
      fail(
        'my-app to receive X-Forwarded-Proto: http over plain HTTP',
        proto ? `X-Forwarded-Proto: ${proto}` : 'no X-Forwarded-Proto',
      );
  },
});
