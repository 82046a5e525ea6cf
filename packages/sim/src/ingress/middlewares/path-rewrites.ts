// Traefik's path-rewriting middlewares: stripPrefix, stripPrefixRegex, replacePath,
// replacePathRegex and addPrefix. Like Traefik, the strip middlewares record what they removed in
// X-Forwarded-Prefix and the replace middlewares record the original path in X-Replaced-Path.
import { compileGoRegexp, replaceAllGo } from './go-regexp.ts';
import type { Middleware } from './types.ts';

function ensureLeadingSlash(path: string): string {
  return path.startsWith('/') ? path : `/${path}`;
}

function stringList(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new Error(`expected ${field} to be a list of strings, found ${JSON.stringify(value)}`);
  }
  return value as string[];
}

function requiredString(value: unknown, field: string): string {
  if (typeof value !== 'string')
    throw new Error(`expected ${field} to be a string, found ${JSON.stringify(value)}`);
  return value;
}

/** Removes the first listed prefix that is a plain string prefix of the path (`/api` → `/`, `/apiv2` → `/v2`). */
export function stripPrefix(config: { prefixes?: unknown }): Middleware {
  const prefixes = stringList(config.prefixes ?? [], 'stripPrefix.prefixes');
  return (req) => {
    for (const prefix of prefixes) {
      if (prefix !== '' && req.path.startsWith(prefix)) {
        req.headers['x-forwarded-prefix'] = prefix;
        req.path = ensureLeadingSlash(req.path.slice(prefix.length));
        return undefined;
      }
    }
    return undefined;
  };
}

/** Removes the first regex match that is a prefix of the path. */
export function stripPrefixRegex(config: { regex?: unknown }): Middleware {
  const expressions = stringList(config.regex ?? [], 'stripPrefixRegex.regex').map(compileGoRegexp);
  return (req) => {
    for (const expression of expressions) {
      const match = expression.exec(req.path);
      const prefix = match?.[0];
      if (!prefix || !req.path.startsWith(prefix)) continue;
      req.headers['x-forwarded-prefix'] = prefix;
      req.path = ensureLeadingSlash(req.path.slice(prefix.length));
      return undefined;
    }
    return undefined;
  };
}

export function replacePath(config: { path?: unknown }): Middleware {
  const path = requiredString(config.path, 'replacePath.path');
  return (req) => {
    req.headers['x-replaced-path'] = req.path;
    req.path = path;
    return undefined;
  };
}

/**
 * Replaces every match of the regex with the Go template (`${1}`), when the path matches at all. As
 * in Traefik, both are trimmed of spaces and an empty replacement leaves the path alone.
 */
export function replacePathRegex(config: { regex?: unknown; replacement?: unknown }): Middleware {
  const regex = compileGoRegexp(requiredString(config.regex, 'replacePathRegex.regex').trim());
  const replacement = requiredString(config.replacement ?? '', 'replacePathRegex.replacement').trim();
  return (req) => {
    if (replacement === '' || !regex.test(req.path)) return undefined;
    req.headers['x-replaced-path'] = req.path;
    req.path = replaceAllGo(req.path, regex, replacement);
    return undefined;
  };
}

export function addPrefix(config: { prefix?: unknown }): Middleware {
  const prefix = requiredString(config.prefix, 'addPrefix.prefix');
  return (req) => {
    req.path = ensureLeadingSlash(prefix + req.path);
    return undefined;
  };
}
