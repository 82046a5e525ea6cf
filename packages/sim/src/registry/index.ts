// The sim's per-kind API rules: one ResourceStrategy per kind (defaulting, admission, allocation,
// strict decoding, validation), looked up by the API server for every write.
import type { Registry, RegistryContext, ResourceStrategy } from '../core/strategy.ts';

const EMPTY: ResourceStrategy = {};

export function createRegistry(_ctx: RegistryContext): Registry {
  const strategies = new Map<string, ResourceStrategy>();
  return {
    strategyFor(group: string, kind: string): ResourceStrategy {
      return strategies.get(`${group}/${kind}`) ?? EMPTY;
    },
  };
}
