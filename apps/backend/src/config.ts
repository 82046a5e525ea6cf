// Reads the service's settings from the environment, using the names a Spring Boot service would
// (SERVER_PORT, SPRING_APPLICATION_NAME, ...), and fails with one clear line on a bad value.
import { readFileSync } from 'node:fs';
import { type PodIdentity, podIdentityFromEnv } from './identity.ts';

export interface Config {
  /** TCP port to listen on; 0 asks the OS for a free one (tests, benchmarks). */
  port: number;
  /** Bind address (Spring's server.address); undefined means all interfaces. */
  address: string | undefined;
  appName: string;
  version: string;
  /** '' for the root context, else a path like '/shop' (starts with '/', no trailing '/'). */
  contextPath: string;
  shutdownTimeoutMs: number;
  readinessToggle: boolean;
  toolboxEnabled: boolean;
  pod: PodIdentity;
}

export type Env = Record<string, string | undefined>;

/** A bad setting; the message names the variable, what was expected, what was found and the fix. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** The version in this app's package.json (works from src/ under tsx and from dist/). */
export function packageVersion(): string {
  try {
    const text = readFileSync(new URL('../package.json', import.meta.url), 'utf8');
    const version = (JSON.parse(text) as { version?: unknown }).version;
    return typeof version === 'string' ? version : '0.0.0';
  } catch {
    // The image may ship without package.json; a version is informative, not essential.
    return '0.0.0';
  }
}

export function loadConfig(env: Env = process.env): Config {
  return {
    port: integer(env, 'SERVER_PORT', { default: 8080, min: 0, max: 65535, what: 'a TCP port number' }),
    address: address(env),
    appName: text(env, 'SPRING_APPLICATION_NAME', 'backend'),
    version: text(env, 'APP_VERSION', packageVersion()),
    contextPath: contextPath(env),
    shutdownTimeoutMs: integer(env, 'SERVER_SHUTDOWN_TIMEOUT_MS', {
      default: 10_000,
      min: 0,
      max: 600_000,
      what: 'a number of milliseconds',
    }),
    readinessToggle: boolean(env, 'MANAGEMENT_READINESS_TOGGLE'),
    toolboxEnabled: boolean(env, 'TOOLBOX_ENABLED'),
    pod: podIdentityFromEnv(env),
  };
}

function present(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function text(env: Env, name: string, fallback: string): string {
  return present(env, name) ?? fallback;
}

interface IntegerRule {
  default: number;
  min: number;
  max: number;
  what: string;
}

function integer(env: Env, name: string, rule: IntegerRule): number {
  const raw = present(env, name);
  if (raw === undefined) return rule.default;
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < rule.min || value > rule.max) {
    throw new ConfigError(
      `Expected ${name} to be ${rule.what} between ${rule.min} and ${rule.max}, got "${raw}"; ` +
        `set it to a whole number (default ${rule.default}) or leave it unset`,
    );
  }
  return value;
}

function boolean(env: Env, name: string): boolean {
  const raw = present(env, name);
  if (raw === undefined) return false;
  const lower = raw.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  throw new ConfigError(`Expected ${name} to be true or false, got "${raw}"; set it to true to turn it on`);
}

function address(env: Env): string | undefined {
  const raw = present(env, 'SERVER_ADDRESS');
  if (raw === undefined) return undefined;
  // An IPv4/IPv6 literal or a host name; listen() reports anything it cannot bind.
  if (!/^[A-Za-z0-9.:%_-]+$/.test(raw)) {
    throw new ConfigError(
      `Expected SERVER_ADDRESS to be an IP address or host name to bind, got "${raw}"; ` +
        'leave it unset to listen on all interfaces',
    );
  }
  return raw;
}

function contextPath(env: Env): string {
  const raw = present(env, 'SERVER_SERVLET_CONTEXT_PATH');
  if (raw === undefined || raw === '/') return '';
  // Spring's own rule: "ContextPath must start with '/' and not end with '/'".
  if (!raw.startsWith('/') || raw.endsWith('/') || /[\s?#]/.test(raw)) {
    throw new ConfigError(
      `Expected SERVER_SERVLET_CONTEXT_PATH to start with '/' and not end with '/' (like /shop), ` +
        `got "${raw}"; use / for the root`,
    );
  }
  return raw;
}
