// `lab cluster up|down|status`: start, stop and inspect the workshop's cluster on the chosen runtime.
import type { RuntimeStatus } from '@workshop/runtime';
import { Command, Option } from 'commander';
import { CliError, EXIT } from '../errors.ts';
import { openRuntime, type RuntimeFlags, type Session } from '../session.ts';
import { parsePort } from './options.ts';

export function runtimeOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        '--runtime <name>',
        'kind, sim or existing (default: WORKSHOP_RUNTIME, the last one used, or auto)',
      ),
    )
    .addOption(
      new Option(
        '--http-port <port>',
        'host port for the HTTP entry point (default: 80 when it can be used, else 8080 or the next free port; lab doctor says which)',
      ).argParser(parsePort),
    )
    .addOption(
      new Option(
        '--https-port <port>',
        'host port for the HTTPS entry point (default: 443, else 8443 or the next free port, paired with --http-port)',
      ).argParser(parsePort),
    )
    .addOption(new Option('--context <name>', 'kubeconfig context (existing runtime)'))
    .addOption(
      new Option(
        '--learner <name>',
        'existing runtime, a shared cluster: your namespaces are <name>-lab-NN (default: WORKSHOP_LEARNER)',
      ),
    );
}

function printStatus(session: Session, status: RuntimeStatus, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(status)}\n`);
    return;
  }
  const out = (line: string) => process.stderr.write(`${line}\n`);
  out(` • runtime: ${status.runtime} (${status.running ? 'running' : 'not running'}) — ${status.detail}`);
  if (!status.running) return;
  out(` • kubeconfig: ${status.kubeconfig} (context ${status.context})`);
  out(
    `   point kubectl at it: export KUBECONFIG=${status.kubeconfig} (or kubectl --kubeconfig ${status.kubeconfig} …)${status.runtime === 'kind' ? '; your ~/.kube/config is left as it was' : ''}`,
  );
  out(` • ingress entry points: ${status.http} → nodePort 30080, ${status.https} → nodePort 30443`);
  if (status.entryNote) out(`   (${status.entryNote})`);
  const mapped = status.mappedNodePorts ?? [];
  if (mapped.length > 0) {
    out(
      ` • NodePorts ${portRanges(mapped)} are mapped to ${status.nodePortHost} (like kind's extraPortMappings); no other NodePort answers there`,
    );
  } else out(` • NodePorts answer on ${status.nodePortHost}:30000-30009`);
  if (status.nodeIP) {
    out(
      ` • every NodePort answers on the node's IP ${status.nodeIP} (kubectl get nodes -o wide); Pod IPs and ClusterIPs answer only inside the cluster`,
    );
  }
  void session;
}

/** `30000-30009` for a run of ports, `30000-30002, 30080` otherwise. */
function portRanges(ports: number[]): string {
  const sorted = [...ports].sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] as number) + 1) j++;
    runs.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return runs.join(', ');
}

export function clusterCommand(session: Session): Command {
  const cluster = new Command('cluster').description('start, stop or inspect the workshop cluster');

  runtimeOptions(
    cluster.command('up').description('start the cluster (or reuse a running one) with Traefik ready'),
  )
    .option('--json', 'print the cluster status as one JSON object on stdout')
    .action(async (flags: RuntimeFlags & { json?: boolean }) => {
      const { runtime } = await openRuntime(session, flags, { remember: true });
      const status = await runtime.up();
      printStatus(session, status, !!flags.json);
    });

  runtimeOptions(cluster.command('down').description('stop and remove the cluster (safe to repeat)')).action(
    async (flags: RuntimeFlags) => {
      const { runtime } = await openRuntime(session, flags);
      await runtime.down();
    },
  );

  runtimeOptions(
    cluster.command('status').description('show whether the cluster runs, its kubeconfig and entry points'),
  )
    .option('--json', 'print one JSON object on stdout')
    .action(async (flags: RuntimeFlags & { json?: boolean }) => {
      const { runtime } = await openRuntime(session, flags);
      const status = await runtime.status();
      printStatus(session, status, !!flags.json);
      if (!status.running && !flags.json)
        throw new CliError('the cluster is not running; start it with: npx lab cluster up', EXIT.failure);
    });

  return cluster;
}
