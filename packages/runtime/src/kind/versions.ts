// Pinned versions for the kind runtime. The node image comes from the kind v0.30.0 release notes
// (https://github.com/kubernetes-sigs/kind/releases/tag/v0.30.0), pinned by digest so every machine
// runs the same Kubernetes (v1.33, the version the sim and the reference messages follow).
export const KIND_VERSION = 'v0.30.0';
export const KIND_NODE_IMAGE =
  'kindest/node:v1.33.4@sha256:25a6018e48dfcaee478f4a59af81157a437f15e6e140bf103f85a2e7cd0cbbf2';
export const KIND_CLUSTER_NAME = 'workshop';
/** The node image without its digest, e.g. `kindest/node:v1.33.4`. */
export function nodeImageTag(image: string = KIND_NODE_IMAGE): string {
  return image.split('@')[0] ?? image;
}
/** kind names the node container `<cluster>-control-plane`. */
export const KIND_NODE = `${KIND_CLUSTER_NAME}-control-plane`;
/** kind names the context `kind-<cluster>`. */
export const KIND_CONTEXT = `kind-${KIND_CLUSTER_NAME}`;
/** NodePorts the labs use, mapped 1:1 to the host. */
export const LAB_NODE_PORTS = Array.from({ length: 10 }, (_, i) => 30000 + i);
/** The ingress controller's NodePorts (manifests/traefik/service-traefik.yaml). */
export const INGRESS_NODE_PORTS = { http: 30080, https: 30443 } as const;
/**
 * kind's LoadBalancer provider, run as a container beside the cluster as its docs describe (it
 * watches the cluster through the Docker socket and answers each LoadBalancer Service with an
 * address). Pinned so every machine runs the same one.
 */
export const CLOUD_PROVIDER_KIND_IMAGE =
  'registry.k8s.io/cloud-provider-kind/cloud-controller-manager:v0.10.0';
export const CLOUD_PROVIDER_KIND_CONTAINER = 'workshop-cloud-provider-kind';
