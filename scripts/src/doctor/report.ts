// Runs every doctor check and decides which runtimes can run here: kind needs Docker and kind; the
// sim needs only Node, so it is the answer when nothing else is.
import {
  type Check,
  cloudProviderKindCheck,
  type DoctorOptions,
  dockerChecks,
  entryPortsCheck,
  kindCheck,
  kubectlCheck,
  nodeCheck,
  podmanCheck,
  portCheck,
} from './checks.ts';

export interface DoctorReport {
  checks: Check[];
  runtimes: { kind: boolean; sim: boolean };
  /** The runtime the lab command will use here (its choice, or the one asked for). */
  chosen: 'kind' | 'sim' | 'existing';
  /** Names of the checks only the kind runtime needs; with another runtime chosen they are optional. */
  kindOnly: string[];
  /** The line that says what the learner can do now. */
  verdict: string;
}

/**
 * `chosen`: what the lab command would use (--runtime, WORKSHOP_RUNTIME, the remembered runtime),
 * or, when nothing says, kind if it can run here, else the sim.
 */
export async function runDoctor(
  options: DoctorOptions & { chosen?: 'kind' | 'sim' | 'existing' },
): Promise<DoctorReport> {
  const node = nodeCheck(options.nodeVersion, options.platform);
  const [docker, podman, kind, cloudProvider, kubectl, ports] = await Promise.all([
    dockerChecks(options),
    podmanCheck(options),
    kindCheck(options),
    cloudProviderKindCheck(options),
    kubectlCheck(options),
    Promise.all(options.ports.map((p) => portCheck(p, options))),
  ]);
  // After the port checks, not beside them: both bind 80/443 for a moment and would see each other.
  const entry = await entryPortsCheck(options);
  // Podman stands in for Docker when it is kind's provider (no docker, or asked for by name).
  const engine = podman ? [podman] : docker;
  // cloud-provider-kind is not needed to run kind, only for LoadBalancer Services: not in the verdict.
  const checks = [node, ...engine, kind, ...(cloudProvider ? [cloudProvider] : []), kubectl, ...ports, entry];
  const kindReady = node.ok && engine.every((c) => c.ok) && kind.ok;
  const simReady = node.ok;
  // A taken 80/443 moves the entry points to the next free pair by itself; only the labs' NodePorts block.
  const entryPorts = new Set(Object.values(options.entryPorts ?? { http: 80, https: 443 }));
  const portTrouble = ports
    .filter((p, i) => !p.ok && !entryPorts.has(options.ports[i] as number))
    .map((p) => p.name);
  let verdict: string;
  if (kindReady) {
    verdict = `The kind runtime can run here${portTrouble.length ? ` once ${portTrouble.join(', ')} ${portTrouble.length > 1 ? 'are' : 'is'} free` : ''}; the embedded sim runs too (--runtime sim).`;
  } else if (simReady) {
    const missing = [...new Set([...engine, kind].filter((c) => !c.ok).map((c) => c.name))];
    verdict =
      options.chosen === 'kind'
        ? `kind cannot run here (${missing.join(', ')}: the fix is above), but the embedded cluster can: npx lab cluster up --runtime sim.`
        : `The embedded cluster (sim) runs here${options.chosen ? '' : ', and the lab command picks it by itself'}: npx lab start 01. kind is optional; it needs ${missing.join(' and ')} first (see above).`;
  } else {
    verdict = 'No runtime can run here: update Node.js first (see above).';
  }
  const kindOnly = [...engine, kind, ...(cloudProvider ? [cloudProvider] : [])].map((c) => c.name);
  const chosen = options.chosen ?? (kindReady ? 'kind' : 'sim');
  return { checks, runtimes: { kind: kindReady, sim: simReady }, chosen, kindOnly, verdict };
}

export function formatReport(
  report: DoctorReport,
  paint: { ok: (s: string) => string; bad: (s: string) => string; dim: (s: string) => string },
): string {
  const lines: string[] = [];
  // What only kind needs is no alarm when another runtime is the one in use: listed apart, without ✗.
  const optional = report.chosen === 'kind' ? new Set<string>() : new Set(report.kindOnly);
  const needed = report.checks.filter((c) => !optional.has(c.name));
  const extra = report.checks.filter((c) => optional.has(c.name));
  if (extra.length)
    lines.push(
      ` For the ${report.chosen === 'sim' ? 'embedded cluster (sim)' : `${report.chosen} runtime`}, in use here:`,
    );
  for (const check of needed) {
    lines.push(` ${check.ok ? paint.ok('✓') : paint.bad('✗')} ${check.found}`);
    if (check.fix) lines.push(`     fix: ${check.fix}`);
    if (check.link) lines.push(`     ${paint.dim(`see: ${check.link}`)}`);
  }
  if (extra.length) {
    lines.push('', ` Only for the kind runtime (optional; npx lab cluster up --runtime kind):`);
    for (const check of extra) {
      lines.push(` ${check.ok ? paint.ok('✓') : paint.dim('-')} ${check.found}`);
      if (check.fix) lines.push(paint.dim(`     to use kind: ${check.fix}`));
      if (check.link) lines.push(`     ${paint.dim(`see: ${check.link}`)}`);
    }
  }
  lines.push('', ` ${report.verdict}`);
  return `${lines.join('\n')}\n`;
}
