// Spring Boot Actuator's health and info endpoints, with the liveness/readiness groups Kubernetes
// probes use, and (only when MANAGEMENT_READINESS_TOGGLE=true) a switch for readiness.
import { arch, platform, release } from 'node:os';
import express, { type Request, type Response, Router } from 'express';
import { type Availability, READINESS_STATES, type ReadinessState } from '../availability.ts';
import type { Config } from '../config.ts';
import { HttpError } from '../web/spring-error.ts';

type Status = 'UP' | 'OUT_OF_SERVICE';

function sendStatus(res: Response, status: Status, extra: Record<string, unknown> = {}): void {
  // Spring maps OUT_OF_SERVICE to 503, which is what makes a readiness probe fail.
  res.status(status === 'UP' ? 200 : 503).json({ status, ...extra });
}

export function actuatorRoutes(config: Config, availability: Availability): Router {
  const router = Router();
  const readiness = (): Status => (availability.readiness === 'ACCEPTING_TRAFFIC' ? 'UP' : 'OUT_OF_SERVICE');
  const liveness = (): Status => (availability.liveness === 'CORRECT' ? 'UP' : 'OUT_OF_SERVICE');

  router.get('/actuator', (req, res) => {
    const base = `${req.protocol}://${req.headers.host ?? 'localhost'}${config.contextPath}/actuator`;
    const link = (href: string, templated = false) => ({ href, templated });
    res.json({
      _links: {
        self: link(base),
        health: link(`${base}/health`),
        'health-path': link(`${base}/health/{*path}`, true),
        info: link(`${base}/info`),
      },
    });
  });

  // The overall status aggregates the probe states, as Spring's does (worst state wins).
  router.get('/actuator/health', (_req, res) => {
    const overall: Status = readiness() === 'UP' && liveness() === 'UP' ? 'UP' : 'OUT_OF_SERVICE';
    sendStatus(res, overall, { groups: ['liveness', 'readiness'] });
  });
  router.get('/actuator/health/liveness', (_req, res) => sendStatus(res, liveness()));
  router.get('/actuator/health/readiness', (_req, res) => sendStatus(res, readiness()));

  router.get('/actuator/info', (_req, res) => {
    res.json({
      app: { name: config.appName, version: config.version },
      build: { artifact: 'backend', name: '@workshop/backend', version: config.version },
      runtime: { name: 'node', version: process.versions.node },
      os: { name: platform(), version: release(), arch: arch() },
      pod: {
        name: config.pod.name,
        namespace: config.pod.namespace,
        ip: config.pod.ip,
        node: config.pod.node,
      },
    });
  });

  if (config.readinessToggle) {
    router.get('/actuator/readiness', (_req, res) => {
      res.json({ state: availability.readiness });
    });
    router.put('/actuator/readiness', express.json({ limit: '4kb' }), (req: Request, res: Response) => {
      availability.setReadiness(readinessFromBody(req.body));
      res.json({ state: availability.readiness });
    });
  }
  return router;
}

function readinessFromBody(body: unknown): ReadinessState {
  const state = typeof body === 'object' && body !== null ? (body as { state?: unknown }).state : undefined;
  if (typeof state === 'string' && (READINESS_STATES as readonly string[]).includes(state)) {
    return state as ReadinessState;
  }
  throw new HttpError(
    400,
    `Expected a JSON body {"state": ${READINESS_STATES.map((s) => `"${s}"`).join(' or ')}}, got ` +
      `${state === undefined ? 'no state' : JSON.stringify(state)}; send it with Content-Type: application/json`,
  );
}
