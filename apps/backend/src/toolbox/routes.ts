// The toolbox: in-cluster checks the grader (and a curious learner) runs from inside a Pod.
// Mounted only when TOOLBOX_ENABLED=true; otherwise these paths are ordinary 404s.
import { Router } from 'express';
import type { Config } from '../config.ts';
import { queryBoolean, queryInteger, queryString, requiredQueryString } from '../web/query-params.ts';
import { HttpError } from '../web/spring-error.ts';
import { fetchMany } from './fetch-many.ts';
import { resolveName } from './resolve.ts';

export const TOOLBOX_LIMITS = {
  count: { min: 1, max: 200, default: 1 },
  timeoutMs: { min: 1, max: 10_000, default: 2_000 },
  concurrency: { min: 1, max: 20, default: 1 },
} as const;

const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_.])?$/;
const IPV6 = /^[0-9A-Fa-f:.]+$/;

export function toolboxRoutes(config: Config): Router {
  const router = Router();

  router.get('/toolbox/resolve', async (req, res) => {
    const name = requiredQueryString(req, 'name', 'a host name such as api-service or api-service.lab-03');
    if (!HOST_NAME.test(name) && !(name.includes(':') && IPV6.test(name))) {
      throw new HttpError(
        400,
        `Expected query parameter \`name\` to be a host name (letters, digits, '-', '.', at most 253 characters), ` +
          `got "${name}"`,
      );
    }
    res.json(await resolveName(name));
  });

  router.get('/toolbox/fetch', async (req, res) => {
    const url = parseUrl(
      requiredQueryString(req, 'url', 'an http:// or https:// URL such as http://api-service/'),
    );
    const count = queryInteger(req, 'count', TOOLBOX_LIMITS.count);
    const timeoutMs = queryInteger(req, 'timeoutMs', TOOLBOX_LIMITS.timeoutMs);
    const concurrency = queryInteger(req, 'concurrency', TOOLBOX_LIMITS.concurrency);
    const host = queryString(req, 'host')?.trim() || undefined;
    if (host !== undefined && !/^[A-Za-z0-9_.:[\]-]+$/.test(host)) {
      throw new HttpError(
        400,
        `Expected query parameter \`host\` to be a Host header value like myapp.example.com, got "${host}"`,
      );
    }
    const insecure = queryBoolean(req, 'insecure');
    const outcome = await fetchMany(url, {
      count,
      timeoutMs,
      concurrency,
      insecure,
      userAgent: `${config.appName}-toolbox/${config.version} (pod ${config.pod.name})`,
      ...(host ? { host } : {}),
    });
    res.json({
      url: url.href,
      host: host ?? null,
      count,
      timeoutMs,
      concurrency,
      from: config.pod.name,
      ...outcome,
    });
  });

  return router;
}

function parseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch (cause) {
    throw new HttpError(
      400,
      `Expected query parameter \`url\` to be an absolute http:// or https:// URL, got "${raw}"`,
      {
        cause,
      },
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new HttpError(
      400,
      `Expected query parameter \`url\` to use http or https, got "${url.protocol.replace(/:$/, '')}" in "${raw}"`,
    );
  }
  return url;
}
