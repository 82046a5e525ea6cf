// The application: createApp builds the Express app (what supertest tests), createServer adds the
// HTTP server around it with listening and Spring-style graceful shutdown (what index.ts runs).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import { Availability } from './availability.ts';
import type { Config } from './config.ts';
import { fallbackPodIP } from './identity.ts';
import { createLogFactory, type LogFactory } from './logger.ts';
import { actuatorRoutes } from './routes/actuator.ts';
import { helloRoutes } from './routes/hello.ts';
import { userRoutes } from './routes/users.ts';
import { toolboxRoutes } from './toolbox/routes.ts';
import { requestLog } from './web/request-log.ts';
import { errorHandler, notFound } from './web/spring-error.ts';

export const APP_HEADER = 'X-App-Name';
export const POD_HEADER = 'X-Pod-Name';

export interface AppOptions {
  /** Where log lines go; defaults to stdout. */
  logs?: LogFactory;
  availability?: Availability;
}

export function createApp(config: Config, options: AppOptions = {}): Express {
  const logs = options.logs ?? createLogFactory(config.appName);
  const availability = options.availability ?? new Availability(logs('w.backend.AvailabilityState'));
  const app = express();
  app.disable('x-powered-by');
  app.use(requestLog(logs('w.backend.web.RequestLog', 'http')));
  // Every answer, 404s included, says who gave it: path-routing checks need to know which app
  // got a request even when that app has no such path.
  app.use((_req, res, next) => {
    res.setHeader(APP_HEADER, config.appName);
    res.setHeader(POD_HEADER, config.pod.name);
    next();
  });

  const routes = express.Router();
  routes.use(helloRoutes(config, logs('w.backend.web.HelloController', 'http')));
  routes.use(userRoutes());
  routes.use(actuatorRoutes(config, availability));
  if (config.toolboxEnabled) routes.use(toolboxRoutes(config));
  // Everything lives under the context path, the actuator included, as in Spring Boot.
  app.use(config.contextPath || '/', routes);

  app.use(notFound(config.appName, config.pod.name));
  app.use(errorHandler(logs('w.backend.web.ErrorHandler', 'http')));
  return app;
}

export type ShutdownOutcome = 'complete' | 'aborted';

export interface BackendServer {
  app: Express;
  server: http.Server;
  availability: Availability;
  /** Binds config.address:config.port and settles the Pod IP if it was not given. */
  listen(): Promise<AddressInfo>;
  /**
   * Spring's graceful shutdown: refuse new connections, let in-flight requests finish within
   * config.shutdownTimeoutMs, then close what is left.
   */
  shutdown(): Promise<ShutdownOutcome>;
}

export function createServer(config: Config, options: AppOptions = {}): BackendServer {
  const logs = options.logs ?? createLogFactory(config.appName);
  const availability = options.availability ?? new Availability(logs('w.backend.AvailabilityState'));
  const app = createApp(config, { logs, availability });
  const server = http.createServer(app);
  const log = logs('w.backend.web.GracefulShutdown', 'shutdown');

  const inFlight = new Set<http.ServerResponse>();
  let closing = false;
  server.on('request', (_req, res: http.ServerResponse) => {
    if (closing) res.setHeader('connection', 'close');
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
  });

  let shuttingDown: Promise<ShutdownOutcome> | undefined;

  return {
    app,
    server,
    availability,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen({ port: config.port, ...(config.address ? { host: config.address } : {}) }, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          config.pod.ip ??= fallbackPodIP(address.address);
          resolve(address);
        });
      }),
    shutdown: () => {
      shuttingDown ??= new Promise<ShutdownOutcome>((resolve) => {
        closing = true;
        log.info('Commencing graceful shutdown. Waiting for active requests to complete');
        availability.setReadiness('REFUSING_TRAFFIC');
        // Keep-alive clients must not send more requests on connections that are about to close.
        for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
        const timer = setTimeout(() => {
          log.warn(`Graceful shutdown aborted with one or more requests still active (${inFlight.size})`);
          server.closeAllConnections();
          resolve('aborted');
        }, config.shutdownTimeoutMs);
        // close() stops accepting and drops idle connections; its callback runs once the last
        // active one has ended.
        server.close(() => {
          clearTimeout(timer);
          log.info('Graceful shutdown complete');
          resolve('complete');
        });
        server.closeIdleConnections();
      });
      return shuttingDown;
    },
  };
}
