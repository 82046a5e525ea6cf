// Lab 07's proofs: Ingress "spring-ingress" names the class traefik in spec.ingressClassName, the
// controller behind that class runs and has loaded a route for it, and a request through the entry
// point reaches both backend Pods. An Ingress of a class nobody serves is never routed, so the
// checks work out from the stored objects whether the controller reads it and, when it cannot,
// fail at once with the reason instead of waiting for a route that will never come.
import {
  type CheckEnv,
  type ConvergedRoutesOptions,
  defineChecks,
  fail,
  getOnce,
  routeFor,
} from '@workshop/grader';
import { type KubeObject, podReady } from '@workshop/kube';

const INGRESS = 'spring-ingress';
const CLASS = 'traefik';
const DEPLOYMENT = 'backend-app';
const PATH = '/api/v1/hello';
const LEGACY = 'kubernetes.io/ingress.class';
const DEFAULT_CLASS = 'ingressclass.kubernetes.io/is-default-class';
/** The Pods of each controller this workshop installs, by the IngressClass's spec.controller. */
const CONTROLLER_PODS: Record<string, string> = {
  'traefik.io/ingress-controller': 'app.kubernetes.io/name=traefik',
};
const ROUTING: ConvergedRoutesOptions = { appOf: { 'spring-service': DEPLOYMENT }, ports: [8080, 'http'] };

interface IngressShape extends KubeObject {
  spec?: { ingressClassName?: string };
}
interface ClassShape extends KubeObject {
  spec?: { controller?: string };
}

/** How the stored Ingress asks for a controller: the field, the legacy annotation, or nothing. */
function requestedClass(ingress: IngressShape): { name?: string; via: 'field' | 'annotation' | 'none' } {
  const field = ingress.spec?.ingressClassName;
  if (field) return { name: field, via: 'field' };
  const annotation = ingress.metadata.annotations?.[LEGACY];
  return annotation !== undefined ? { name: annotation, via: 'annotation' } : { via: 'none' };
}

function isDefault(cls: KubeObject): boolean {
  return cls.metadata.annotations?.[DEFAULT_CLASS] === 'true';
}

/** `traefik → traefik.io/ingress-controller (the default)`, for every IngressClass. */
function describeClasses(classes: ClassShape[]): string {
  if (!classes.length) return 'no IngressClass at all (no ingress controller is installed)';
  const one = (c: ClassShape) =>
    `${c.metadata.name} → ${c.spec?.controller ?? '?'}${isDefault(c) ? ' (the default)' : ''}`;
  return `IngressClass${classes.length > 1 ? 'es' : ''} ${classes.map(one).join(', ')}`;
}

type Reading = { served: true; cls: ClassShape; pods: KubeObject[] } | { served: false; reason: string };

/**
 * Whether an ingress controller reads the stored Ingress: its class names an IngressClass, that
 * class's controller has a ready Pod. The legacy annotation is matched against class names, as
 * Traefik matches it against its own class; an Ingress with no class at all counts as the default
 * class's (Traefik serves class-less Ingresses).
 */
async function readIngress(ctx: CheckEnv, ingress: IngressShape): Promise<Reading> {
  const classes = await ctx.kube.list<ClassShape>('networking.k8s.io/v1', 'IngressClass');
  const asked = requestedClass(ingress);
  const cls =
    asked.via === 'none' ? classes.find(isDefault) : classes.find((c) => c.metadata.name === asked.name);
  const have = `this cluster has ${describeClasses(classes)}`;
  if (!cls) {
    const how =
      asked.via === 'field'
        ? `the Ingress asks for class "${asked.name}" (spec.ingressClassName) and no IngressClass "${asked.name}" exists`
        : asked.via === 'annotation'
          ? `the Ingress asks for class "${asked.name}" through the deprecated annotation ${LEGACY} and no IngressClass "${asked.name}" exists`
          : 'the Ingress names no class and no IngressClass is the default';
    return {
      served: false,
      reason: `${how}, so no controller reads it; ${have}`,
    };
  }
  const controller = cls.spec?.controller ?? '';
  const selector = CONTROLLER_PODS[controller];
  const pods = selector ? await ctx.kube.list('v1', 'Pod', { labelSelector: selector }) : [];
  const ready = pods.filter((p) => podReady(p).ready);
  if (!ready.length) {
    const seen = pods.length ? pods.map((p) => podReady(p).seen).join('; ') : 'no Pod of it runs';
    return {
      served: false,
      reason: `IngressClass "${cls.metadata.name}" names controller ${controller || '(none)'}, which has no ready Pod (${seen})`,
    };
  }
  return { served: true, cls, pods: ready };
}

function podName(pod: KubeObject): string {
  return `${pod.metadata.namespace}/${pod.metadata.name}`;
}

export default defineChecks({
  'ingress-class': async (ctx) => {
    const ingress = await ctx.require<IngressShape>('Ingress', INGRESS);
    const asked = requestedClass(ingress);
    const annotation = ingress.metadata.annotations?.[LEGACY];
    const classes = await ctx.kube.list<ClassShape>('networking.k8s.io/v1', 'IngressClass');
    const wanted = `spec.ingressClassName: ${CLASS}`;
    if (asked.via === 'annotation') {
      fail(
        wanted,
        `no spec.ingressClassName, only the deprecated annotation ${LEGACY}: ${annotation}` +
          (classes.some((c) => c.metadata.name === annotation)
            ? ''
            : ` (a class this cluster does not have)`),
      );
    }
    if (asked.via === 'none') {
      // Stored without a class (the default is filled in on create only): it rides on the default.
      const fallback = classes.find(isDefault);
      if (fallback?.metadata.name === CLASS) return;
      fail(
        wanted,
        `no class, and ${fallback ? `the default class is ${fallback.metadata.name}` : 'no default class'}`,
      );
    }
    if (asked.name !== CLASS) {
      fail(wanted, `spec.ingressClassName: ${asked.name}; ${describeClasses(classes)}`);
    }
    if (annotation !== undefined) {
      fail(
        `${wanted} alone`,
        `also the deprecated annotation ${LEGACY}: ${annotation}; delete the annotation`,
      );
    }
  },

  'controller-serves': async (ctx) => {
    const ingress = await ctx.require<IngressShape>('Ingress', INGRESS);
    const reading = await readIngress(ctx, ingress);
    if (!reading.served) fail(`an ingress controller that reads Ingress "${INGRESS}"`, reading.reason);
    // A rule that no request without a Host header matches (a host: added) can never be routed here.
    if (!routeFor(ingress, PATH)) {
      fail(
        `a rule of Ingress "${INGRESS}" for GET ${PATH} on any host`,
        `no rule matches it (kubectl describe ingress ${INGRESS} -n ${ctx.namespace} shows the rules: the lab's has no host and path / with pathType Prefix)`,
      );
    }
    // It reads the Ingress; now it must have loaded a route from it (Traefik reloads within ~2 s).
    // A route answers through a backend, whose answers carry X-App-Name; the controller's own 404
    // has none.
    const url = ctx.entryPointUrl(PATH);
    const via = `IngressClass ${reading.cls.metadata.name} → ${reading.cls.spec?.controller} → Pod ${reading.pods.map(podName).join(', ')}`;
    await ctx.waitFor(
      `the controller (${via}) to route ${url} by Ingress "${INGRESS}"`,
      async () => {
        const answer = await getOnce(url);
        if (answer.app) return { done: true, value: undefined };
        const seen = answer.error
          ? `no answer (${answer.error})`
          : `${answer.status} from the controller itself`;
        return {
          done: false,
          seen: `${seen}; kubectl describe ingress ${INGRESS} -n ${ctx.namespace} shows its rules`,
        };
      },
      { timeoutMs: 6_000 },
    );
  },

  traffic: async (ctx) => {
    const ingress = await ctx.require<IngressShape>('Ingress', INGRESS);
    const reading = await readIngress(ctx, ingress);
    const url = ctx.entryPointUrl(PATH);
    if (!reading.served) {
      // Nothing can route it: show what a learner's curl gets, then why, without waiting.
      const answer = await getOnce(url);
      const seen = answer.error
        ? `no answer (${answer.error})`
        : `${answer.status}${answer.app ? ` from ${answer.app}` : ' from the controller itself (no X-App-Name)'}`;
      fail(`GET ${url} → ${DEPLOYMENT}`, `${seen}, because ${reading.reason}`);
    }
    await ctx.expectConvergedRoutes(INGRESS, [{ path: PATH, expect: { app: DEPLOYMENT } }], ROUTING);
    // The controller balances per request over the Service's ready endpoints: 10 requests reach both.
    await ctx.expectReaches(await ctx.fetchFromHost(url, { count: 10 }), { deployment: DEPLOYMENT });
  },
});
