// The Service strategy: defaulting, allocation, status handling and validation, wired to the
// pipeline the API server runs (shared/reference/k8s-semantics.md §0, §1).
import type { RegistryContext, ResourceStrategy } from '../../core/strategy.ts';
import { toInvalid } from '../field-errors.ts';
import { unknownFields } from '../strict-decode.ts';
import { ServiceAllocator } from './allocation.ts';
import { defaultService } from './defaults.ts';
import { dropTypeDependentFields, normalizeClusterIPs, patchAllocatedValues } from './helpers.ts';
import { validateService, validateServiceUpdate } from './validation.ts';

export function serviceStrategy(
  ctx: RegistryContext,
  random: () => number = Math.random,
): ResourceStrategy & { allocator: ServiceAllocator } {
  const allocator = new ServiceAllocator(ctx, random);
  // Update preparation is idempotent, so it is safe whichever of beginUpdate/prepareForUpdate runs first.
  const prepareUpdate = (
    svc: Parameters<typeof patchAllocatedValues>[0],
    old: Parameters<typeof patchAllocatedValues>[1],
  ) => {
    patchAllocatedValues(svc, old);
    normalizeClusterIPs(svc, old);
    dropTypeDependentFields(svc, old);
  };
  return {
    allocator,
    unknownFields,
    default: defaultService,
    beginCreate(svc) {
      normalizeClusterIPs(svc);
      return allocator.beginCreate(svc);
    },
    beginUpdate(svc, old) {
      prepareUpdate(svc, old);
      return allocator.beginUpdate(svc, old);
    },
    prepareForCreate(svc) {
      svc.status = { loadBalancer: {} };
      normalizeClusterIPs(svc);
    },
    // Status stays as the API layer set it: it keeps the stored status on main-resource writes and
    // takes the new one on status writes (the LoadBalancer provider's).
    prepareForUpdate: prepareUpdate,
    validateCreate: (svc) => toInvalid('Service', '', svc.metadata?.name ?? '', validateService(svc)),
    validateUpdate: (svc, old) =>
      toInvalid('Service', '', svc.metadata?.name ?? '', validateServiceUpdate(svc, old)),
    afterDelete: (svc) => allocator.release(svc),
  };
}
