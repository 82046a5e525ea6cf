// Runs every doctor check and decides which runtimes can run here: kind needs Docker and kind; the
// sim needs only Node, so it is the answer when nothing else is.
import {
  type Check,
  cloudProviderKindCheck,
  type DoctorOptions,
  dockerChecks,
  kindCheck,
  kubectlCheck,
  nodeCheck,
  portCheck,
} from './checks.ts';

export interface DoctorReport {
  checks: Check[];
  runtimes: { kind: boolean; sim: boolean };
  /** The line that says what the learner can do now. */
  verdict: string;
}

export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const node = nodeCheck(options.nodeVersion, options.platform);
  const [docker, kind, cloudProvider, kubectl, ports] = await Promise.all([
    dockerChecks(options),
    kindCheck(options),
    cloudProviderKindCheck(options),
    kubectlCheck(options),
    Promise.all(options.ports.map((p) => portCheck(p, options))),
  ]);
  // cloud-provider-kind is not needed to run kind, only for LoadBalancer Services: not in the verdict.
  const checks = [node, ...docker, kind, ...(cloudProvider ? [cloudProvider] : []), kubectl, ...ports];
  const kindReady = node.ok && docker.every((c) => c.ok) && kind.ok;
  const simReady = node.ok;
  const portTrouble = ports.filter((p) => !p.ok).map((p) => p.name);
  let verdict: string;
  if (kindReady) {
    verdict = `The kind runtime can run here${portTrouble.length ? ` once ${portTrouble.join(', ')} ${portTrouble.length > 1 ? 'are' : 'is'} free (or moved)` : ''}; the embedded sim runs too (--runtime sim).`;
  } else if (simReady) {
    verdict =
      'kind cannot run here (see above), but the embedded cluster can: npx lab cluster up --runtime sim (chosen automatically).';
  } else {
    verdict = 'No runtime can run here: update Node.js first (see above).';
  }
  return { checks, runtimes: { kind: kindReady, sim: simReady }, verdict };
}

export function formatReport(
  report: DoctorReport,
  paint: { ok: (s: string) => string; bad: (s: string) => string; dim: (s: string) => string },
): string {
  const lines: string[] = [];
  for (const check of report.checks) {
    lines.push(` ${check.ok ? paint.ok('✓') : paint.bad('✗')} ${check.found}`);
    if (check.fix) lines.push(`     fix: ${check.fix}`);
    if (check.link) lines.push(`     ${paint.dim(`see: ${check.link}`)}`);
  }
  lines.push('', ` ${report.verdict}`);
  return `${lines.join('\n')}\n`;
}
