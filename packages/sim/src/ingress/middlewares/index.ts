// Turns traefik.io/v1alpha1 Middleware objects into handlers, keyed the way Ingress annotations
// reference them: `<namespace>-<name>@kubernetescrd`.
import type { KubeObject } from '../../core/types.ts';
import { addPrefix, replacePath, replacePathRegex, stripPrefix, stripPrefixRegex } from './path-rewrites.ts';
import { headers, redirectScheme } from './redirect-and-headers.ts';
import type { CompiledMiddleware, Middleware } from './types.ts';

export type { CompiledMiddleware, DirectResponse, Middleware, MiddlewareRequest } from './types.ts';

// biome-ignore lint/suspicious/noExplicitAny: each factory validates its own config shape.
const FACTORIES: Record<string, (config: any) => Middleware> = {
  stripPrefix,
  stripPrefixRegex,
  replacePath,
  replacePathRegex,
  addPrefix,
  redirectScheme,
  headers,
};

export const SUPPORTED_MIDDLEWARES = Object.keys(FACTORIES);

export function middlewareRef(object: KubeObject): string {
  return `${object.metadata.namespace}-${object.metadata.name}@kubernetescrd`;
}

export function compileMiddleware(object: KubeObject): CompiledMiddleware {
  const spec = (object.spec ?? {}) as Record<string, unknown>;
  const kinds = Object.keys(spec);
  const kind = kinds.find((k) => k in FACTORIES);
  if (!kind) {
    return {
      ok: false,
      error: `middleware type ${kinds.join(', ') || '(none)'} is not supported by the sim's ingress controller; supported: ${SUPPORTED_MIDDLEWARES.join(', ')}`,
    };
  }
  try {
    const factory = FACTORIES[kind] as (config: unknown) => Middleware;
    return { ok: true, kind, handler: factory(spec[kind] ?? {}) };
  } catch (error) {
    return { ok: false, error: `invalid ${kind} configuration: ${(error as Error).message}` };
  }
}

export function compileMiddlewares(objects: KubeObject[]): Map<string, CompiledMiddleware> {
  const compiled = new Map<string, CompiledMiddleware>();
  for (const object of objects) compiled.set(middlewareRef(object), compileMiddleware(object));
  return compiled;
}
