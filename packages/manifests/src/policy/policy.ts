// The policy for untrusted submissions: what a lab lets a learner's manifests create (from lab.yaml).
/** What a lab allows; an absent list means "no restriction" for that dimension. */
export interface Policy {
  /** Kinds a submission may create, e.g. `['Service', 'Ingress']`. */
  allowedKinds?: string[];
  /** Image patterns; `*` matches any run of characters except `/`, e.g. `workshop/backend:*`. */
  allowedImages?: string[];
  /**
   * Namespaces a submission may name in metadata.namespace (leaving it out is always allowed); `*`
   * matches any run of characters, e.g. `lab-*`.
   */
  namespaces?: string[];
}

/** Used by `lab lint --untrusted` when no lab policy is given: what the workshop's labs need at most. */
export const DEFAULT_UNTRUSTED_POLICY: Readonly<Required<Policy>> = {
  allowedKinds: ['Service', 'Ingress', 'Deployment', 'Pod', 'ConfigMap', 'Secret', 'Middleware'],
  allowedImages: ['workshop/backend:*'],
  // Every lab's namespaces are called lab-<id>; kube-system, default, traefik and the rest are not
  // a submission's to touch.
  namespaces: ['lab-*'],
};

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*');
  return new RegExp(`^${escaped}$`);
}

export function imageAllowed(image: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => globToRegExp(pattern).test(image));
}

/** Namespace names hold no `/`, so the image glob serves them too. */
export function namespaceAllowed(namespace: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => globToRegExp(pattern).test(namespace));
}
