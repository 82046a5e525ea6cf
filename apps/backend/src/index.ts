// The service's entry point (`node dist/index.js`): read the environment, listen, log like Spring
// Boot, and shut down gracefully on SIGTERM/SIGINT.
import { type Config, ConfigError, loadConfig } from './config.ts';
import { applicationClassName, createLogFactory } from './logger.ts';

const started = performance.now();

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    failed(err.message);
  }
  const mainClass = applicationClassName(config.appName);
  const logs = createLogFactory(config.appName);
  const log = logs(`w.backend.${mainClass}`);
  log.info(
    `Starting ${mainClass} v${config.version} using Node.js ${process.versions.node} with PID ${process.pid} ` +
      `(${process.cwd()})`,
  );

  // Loaded only now, so that a bad setting fails at once, before Express is even read from disk.
  const { createServer } = await import('./server.ts');
  const backend = createServer(config, { logs });
  let port: number;
  try {
    ({ port } = await backend.listen());
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const where = config.address ? `${config.address}:${config.port}` : `Port ${config.port}`;
    if (code === 'EADDRINUSE')
      failed(`Web server failed to start. ${where} was already in use; set SERVER_PORT to another port`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
      failed(
        `Web server failed to start. SERVER_ADDRESS ${config.address} is not an address of this host (${code})`,
      );
    }
    failed(`Web server failed to start on ${where}: ${(err as Error).message}`);
  }

  logs('w.backend.web.ExpressWebServer').info(
    `Express started on port ${port} (http) with context path '${config.contextPath || '/'}'`,
  );
  const seconds = ((performance.now() - started) / 1000).toFixed(3);
  log.info(`Started ${mainClass} in ${seconds} seconds (process running for ${process.uptime().toFixed(3)})`);

  const stop = async (signal: NodeJS.Signals) => {
    log.info(`Received ${signal}`);
    await backend.shutdown();
    process.exit(0);
  };
  // Repeated signals join the shutdown already under way instead of killing the process.
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/** Prints one line, as a failed start of a Spring Boot app would, and exits 1. */
function failed(message: string): never {
  process.stderr.write(`APPLICATION FAILED TO START: ${message}\n`);
  process.exit(1);
}

await main();
