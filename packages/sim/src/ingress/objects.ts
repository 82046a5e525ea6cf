// The slice of cluster state the ingress controller reads, and the few typed views it needs.
// Objects stay plain API JSON (as the watch delivers them); these types only name the fields used.
import type { KubeObject } from '../core/types.ts';

export interface ServiceBackendPort {
  number?: number;
  name?: string;
}

export interface IngressBackend {
  service?: { name: string; port?: ServiceBackendPort };
  resource?: unknown;
}

export interface HTTPIngressPath {
  path?: string;
  pathType?: string;
  backend: IngressBackend;
}

export interface IngressRule {
  host?: string;
  http?: { paths?: HTTPIngressPath[] };
}

export interface IngressSpec {
  ingressClassName?: string;
  defaultBackend?: IngressBackend;
  rules?: IngressRule[];
  tls?: Array<{ hosts?: string[]; secretName?: string }>;
}

/** Everything the controller has seen, as the informers hold it. */
export interface ClusterState {
  ingresses: KubeObject[];
  ingressClasses: KubeObject[];
  services: KubeObject[];
  endpointSlices: KubeObject[];
  secrets: KubeObject[];
  middlewares: KubeObject[];
}

export function emptyClusterState(): ClusterState {
  return {
    ingresses: [],
    ingressClasses: [],
    services: [],
    endpointSlices: [],
    secrets: [],
    middlewares: [],
  };
}

export function objectKey(object: KubeObject): string {
  const ns = object.metadata.namespace;
  return ns ? `${ns}/${object.metadata.name}` : String(object.metadata.name);
}

export const ANNOTATION_INGRESS_CLASS = 'kubernetes.io/ingress.class';
export const ANNOTATION_MIDDLEWARES = 'traefik.ingress.kubernetes.io/router.middlewares';
export const ANNOTATION_ENTRYPOINTS = 'traefik.ingress.kubernetes.io/router.entrypoints';
export const ANNOTATION_ROUTER_TLS = 'traefik.ingress.kubernetes.io/router.tls';
export const TRAEFIK_CONTROLLER = 'traefik.io/ingress-controller';
