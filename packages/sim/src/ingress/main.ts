// Entry point of the sim's `traefik:*` image: `node --import tsx packages/sim/src/ingress/main.ts <traefik flags>`.
// Reads the Pod's API credentials from $SIM_KUBECONFIG, serves the entry points, exits 0 on SIGTERM.
import { hostname } from 'node:os';
import { startIngressController } from './controller.ts';
import { parseTraefikFlags } from './flags.ts';
import { createLogger, parseLogLevel } from './log.ts';
import { SIM_TRAEFIK_VERSION } from './server/internal-api.ts';
import { loadKubeconfig } from './watch/api-client.ts';
import { ApiSource } from './watch/api-source.ts';

async function main(): Promise<void> {
  const config = parseTraefikFlags(process.argv.slice(2));
  const log = createLogger({ level: parseLogLevel(config.logLevel) });
  log.info(`Traefik version ${SIM_TRAEFIK_VERSION} built on workshop-sim`, { version: SIM_TRAEFIK_VERSION });
  for (const flag of config.ignored)
    log.warn(`Flag --${flag} is not implemented by the workshop sim; ignoring it`);

  const kubeconfigPath = process.env.SIM_KUBECONFIG ?? process.env.KUBECONFIG;
  if (!kubeconfigPath) {
    throw new Error(
      "expected $SIM_KUBECONFIG (the Pod's API credentials) to be set, found neither it nor $KUBECONFIG",
    );
  }
  const credentials = loadKubeconfig(kubeconfigPath);
  log.info(`Creating in-cluster Provider client`, { endpoint: credentials.server });
  const source = new ApiSource(credentials, { log, watchMiddlewares: config.kubernetesCRD });
  const controller = await startIngressController({
    config,
    source,
    status: source,
    serverName: process.env.HOSTNAME || hostname(),
    log,
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`I have to go... ${signal}`);
    log.info('Stopping server gracefully');
    controller.stop().then(
      () => process.exit(0),
      (error: Error) => {
        log.error('Error while stopping', { error: error.message });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('terminated'));
  process.on('SIGINT', () => shutdown('interrupt'));
}

main().catch((error: Error) => {
  process.stderr.write(`traefik: ${error.message}\n`);
  process.exit(1);
});
