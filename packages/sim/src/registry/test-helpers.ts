// Shared fixtures for the registry's tests: a registry over an in-memory store, and shortcuts that
// return the API server's answer (the stored object or the Status message).
import { DEFAULT_NETWORK, type NetworkPlan } from '../core/network.ts';
import { type KubeObject, StatusError } from '../core/types.ts';
import { createRegistry } from './index.ts';
import {
  createThrough,
  deleteThrough,
  type MemoryContext,
  memoryContext,
  updateThrough,
} from './pipeline.ts';

export function setup(
  options: { network?: NetworkPlan; objects?: KubeObject[]; random?: () => number } = {},
) {
  const ctx: MemoryContext = memoryContext(options.network ?? DEFAULT_NETWORK, options.objects ?? []);
  const registry = createRegistry(ctx, { random: options.random });
  const create = (body: KubeObject) => createThrough(registry, ctx, body).object;
  const update = (body: KubeObject) => updateThrough(registry, ctx, body).object;
  const remove = (body: KubeObject) => deleteThrough(registry, ctx, body);
  const failure = (run: () => unknown): StatusError => {
    try {
      run();
    } catch (error) {
      if (error instanceof StatusError) return error;
      throw error;
    }
    throw new Error('Expected the write to be rejected, but it was accepted');
  };
  return {
    ctx,
    registry,
    create,
    update,
    remove,
    warnings: (body: KubeObject) => createThrough(registry, ctx, body).warnings,
    /** The Status message of a rejected create. */
    createError: (body: KubeObject) => failure(() => create(body)),
    updateError: (body: KubeObject) => failure(() => update(body)),
  };
}

export function service(name: string, spec: Record<string, unknown>, namespace = 'default'): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec };
}

/** A deterministic random source (mulberry32) so allocation tests can be replayed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
