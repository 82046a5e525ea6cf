// The sim's per-kind API rules: one ResourceStrategy per kind (defaulting, admission, allocation,
// strict decoding, validation), looked up by the API server for every write.
import type { Registry, RegistryContext, ResourceStrategy } from '../core/strategy.ts';
import { ingressClassStrategy, ingressStrategy } from './ingress/strategy.ts';
import { serviceStrategy } from './service/strategy.ts';
import { unknownFields } from './strict-decode.ts';

export interface RegistryOptions {
  /** Random source for ClusterIP/NodePort choice (tests pass a seeded one). */
  random?: () => number;
}

export function createRegistry(ctx: RegistryContext, options: RegistryOptions = {}): Registry {
  const strategies = new Map<string, ResourceStrategy>([
    ['/Service', serviceStrategy(ctx, options.random)],
    ['networking.k8s.io/Ingress', ingressStrategy()],
    ['networking.k8s.io/IngressClass', ingressClassStrategy()],
  ]);
  // Kinds without their own rules still get strict decoding against their schema.
  const fallback: ResourceStrategy = { unknownFields };
  return {
    strategyFor(group: string, kind: string): ResourceStrategy {
      return strategies.get(`${group}/${kind}`) ?? fallback;
    },
  };
}
