// Lab 08's proofs: the Ingress "hello" is a networking.k8s.io/v1 Ingress for the traefik class, and
// requests through the ingress entry point land where the Prefix rules say — including the near
// misses (`/kubex` is not under `/kube`). The backend names its app in X-App-Name on every answer,
// 404s included, so each row says who answered. Titles, points and hints are in lab.yaml.
import { type ConvergedRoutesOptions, defineChecks, fail } from '@workshop/grader';

const INGRESS = 'hello';
const WORLD = { app: 'hello-world' };
const KUBE = { app: 'hello-kubernetes' };
/** The app answering behind each of the lab's base Services (base/service-*.yaml, port 80 "http"). */
const ROUTING: ConvergedRoutesOptions = {
  appOf: { 'hello-world': 'hello-world', 'hello-kubernetes': 'hello-kubernetes' },
  ports: [80, 'http'],
};

export default defineChecks({
  'api-version-class': async (ctx) => {
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

  'root-path': async (ctx) => {
    await ctx.expectConvergedRoutes(
      INGRESS,
      [
        { path: '/', expect: WORLD },
        { path: '/api/v1/hello', expect: WORLD },
        { path: '/hello/world', expect: WORLD },
      ],
      ROUTING,
    );
  },

  'kube-prefix': async (ctx) => {
    await ctx.expectConvergedRoutes(
      INGRESS,
      [
        { path: '/kube', expect: KUBE },
        { path: '/kube/', expect: KUBE },
        { path: '/kube/x', expect: KUBE },
        { path: '/kube/echo', expect: KUBE },
      ],
      ROUTING,
    );
  },

  'kubex-near-miss': async (ctx) => {
    await ctx.expectConvergedRoutes(
      INGRESS,
      [
        { path: '/kubex', expect: WORLD },
        { path: '/kubernetes', expect: WORLD },
        { path: '/kubex/kube', expect: WORLD },
      ],
      ROUTING,
    );
  },
});
