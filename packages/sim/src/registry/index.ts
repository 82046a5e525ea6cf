// The sim's per-kind API rules: one ResourceStrategy per kind (defaulting, admission, allocation,
// strict decoding, validation), looked up by the API server for every write.
import type { Registry, RegistryContext, ResourceStrategy } from '../core/strategy.ts';
import { deploymentStrategy, replicaSetStrategy } from './apps/strategy.ts';
import { configMapStrategy, secretStrategy } from './core/config.ts';
import { endpointSliceStrategy, endpointsStrategy } from './core/endpoints.ts';
import { namespaceStrategy } from './core/namespace.ts';
import { podStrategy } from './core/pod-strategy.ts';
import { genericStrategy } from './generic.ts';
import { ingressClassStrategy, ingressStrategy } from './ingress/strategy.ts';
import { serviceStrategy } from './service/strategy.ts';

export { internalError, invalidError } from './field-errors.ts';
export { unknownFields } from './strict-decode.ts';

export interface RegistryOptions {
  /** Random source for ClusterIP/NodePort choice (tests pass a seeded one). */
  random?: () => number;
}

export function createRegistry(ctx: RegistryContext, options: RegistryOptions = {}): Registry {
  const strategies = new Map<string, ResourceStrategy>([
    ['/Service', serviceStrategy(ctx, options.random)],
    ['/Pod', podStrategy()],
    ['/Secret', secretStrategy()],
    ['/ConfigMap', configMapStrategy()],
    ['/Namespace', namespaceStrategy()],
    ['/Endpoints', endpointsStrategy()],
    ['discovery.k8s.io/EndpointSlice', endpointSliceStrategy()],
    ['apps/Deployment', deploymentStrategy()],
    ['apps/ReplicaSet', replicaSetStrategy()],
    ['networking.k8s.io/Ingress', ingressStrategy()],
    ['networking.k8s.io/IngressClass', ingressClassStrategy()],
  ]);
  return {
    strategyFor(group: string, kind: string): ResourceStrategy {
      const key = `${group}/${kind}`;
      let strategy = strategies.get(key);
      if (!strategy) {
        strategy = genericStrategy(group, kind);
        strategies.set(key, strategy);
      }
      return strategy;
    },
  };
}
