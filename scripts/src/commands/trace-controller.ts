// Which ingress controller a traced request meets, and which Ingresses that controller serves. A
// cluster may run more than one Traefik (lab 12 starts its own, behind its own node ports): the
// request's port picks the controller's Service, and the controller's --providers.kubernetesingress
// .ingressClass flag decides its classes, the way Traefik's shouldProcessIngress does.
import type { KubeObject } from '@workshop/kube';

export const CONTROLLER_LABEL = 'app.kubernetes.io/name';
/** The IngressClass controller name Traefik answers to. */
const TRAEFIK_CONTROLLER = 'traefik.io/ingress-controller';
const LEGACY_ANNOTATION = 'kubernetes.io/ingress.class';
const CLASS_FLAG = /^--providers\.kubernetesingress\.ingressclass[=\s](.*)$/i;
/** The namespace the workshop installs its own controller in (packages/runtime/manifests/traefik/). */
const WORKSHOP_NAMESPACE = 'traefik';

interface ControllerService extends KubeObject {
  spec?: { selector?: Record<string, string>; ports?: Array<{ nodePort?: number }> };
}
interface ControllerPod extends KubeObject {
  spec?: { containers?: Array<{ args?: string[] }> };
}
interface IngressLike extends KubeObject {
  spec?: { ingressClassName?: string };
}

/**
 * The controller Service a request sent to `port` meets: the one whose nodePort it is, else the
 * workshop's own (the cluster entry point), else the first Service in front of a Traefik.
 */
export function pickControllerService<T extends ControllerService>(
  services: T[],
  port?: number,
): T | undefined {
  const controllers = services.filter((s) => s.spec?.selector?.[CONTROLLER_LABEL] === 'traefik');
  return (
    (port ? controllers.find((s) => s.spec?.ports?.some((p) => p.nodePort === port)) : undefined) ??
    controllers.find((s) => s.metadata?.namespace === WORKSHOP_NAMESPACE) ??
    controllers[0]
  );
}

export interface ServedClasses {
  /** The --providers.kubernetesingress.ingressClass value, '' when the flag is not given. */
  flag: string;
  /** The IngressClasses (controller traefik.io/ingress-controller) this controller takes. */
  names: string[];
}

/** What the controller's Pods were started with, and the IngressClasses that makes theirs. */
export function servedClasses(
  pods: ControllerPod[],
  classes: Array<KubeObject & { spec?: { controller?: string } }>,
): ServedClasses {
  const args = pods.flatMap((p) => p.spec?.containers ?? []).flatMap((c) => c.args ?? []);
  const flag = args.map((a) => CLASS_FLAG.exec(a)?.[1]?.trim()).find((v) => v !== undefined) ?? '';
  const names = classes
    .filter((c) => c.spec?.controller === TRAEFIK_CONTROLLER)
    .map((c) => c.metadata?.name ?? '')
    .filter((name) => name && (!flag || name === flag));
  return { flag, names };
}

/** Traefik's rule: a named class must be one of its own; without one, the legacy annotation decides. */
export function serves(ingress: IngressLike, served: ServedClasses): boolean {
  const cls = ingress.spec?.ingressClassName;
  if (cls) return served.names.includes(cls);
  const annotation = ingress.metadata?.annotations?.[LEGACY_ANNOTATION] ?? '';
  return annotation === served.flag || (!served.flag && annotation === 'traefik');
}

/** `class lab-12` or `classes traefik, lab-12`, for the trace's lines. */
export function describeClasses(served: ServedClasses): string {
  if (!served.names.length) return served.flag ? `class ${served.flag} (no such IngressClass)` : 'no class';
  return `${served.names.length > 1 ? 'classes' : 'class'} ${served.names.join(', ')}`;
}
