// `lab doctor`: what this machine has, what is missing, how to fix it, and which runtime can run.

import { readFileSync } from 'node:fs';
import { inspectDaemon, rememberedRuntime, simPaths, workshopDir } from '@workshop/runtime';
import { Command } from 'commander';
import type { Platform } from '../doctor/checks.ts';
import { formatReport, runDoctor } from '../doctor/report.ts';
import { EXIT, usageError } from '../errors.ts';
import type { Session } from '../session.ts';

/** The pid of the workshop's sim daemon when one is running for this checkout. */
async function runningSimPid(session: Session): Promise<number[]> {
  const found = await inspectDaemon(simPaths(workshopDir(session)));
  return found.state === 'running' ? [found.info.pid] : [];
}

function unprivilegedPortStart(): number | undefined {
  try {
    const value = Number(readFileSync('/proc/sys/net/ipv4/ip_unprivileged_port_start', 'utf8').trim());
    return Number.isFinite(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function doctorCommand(session: Session): Command {
  return new Command('doctor')
    .description(
      'check Node, Docker or Podman, kind, kubectl, ports 80/443/30000 and which entry ports each runtime uses, with a fix for each problem',
    )
    .option('--json', 'print the report as JSON on stdout')
    .option('--runtime <name>', 'exit 3 unless this runtime (kind or sim) can run here, as CI wants')
    .action(async (flags: { json?: boolean; runtime?: string }) => {
      if (flags.runtime !== undefined && flags.runtime !== 'kind' && flags.runtime !== 'sim')
        throw usageError(`--runtime must be kind or sim for lab doctor; found "${flags.runtime}"`);
      const platform = (
        ['linux', 'darwin', 'win32'].includes(process.platform) ? process.platform : 'linux'
      ) as Platform;
      // The runtime the lab command would use, as it decides: --runtime, WORKSHOP_RUNTIME, remembered.
      const named = flags.runtime ?? session.env.WORKSHOP_RUNTIME ?? rememberedRuntime(session);
      const chosen = named === 'kind' || named === 'sim' || named === 'existing' ? named : undefined;
      const report = await runDoctor({
        chosen,
        env: session.env,
        platform,
        nodeVersion: process.versions.node,
        ports: [80, 443, 30000],
        workshopPids: await runningSimPid(session),
        arch: process.arch,
        unprivilegedPortStart: unprivilegedPortStart(),
      });
      if (flags.json) process.stdout.write(`${JSON.stringify(report)}\n`);
      else {
        const color = !session.env.NO_COLOR && process.stderr.isTTY;
        const paint = (code: number) => (s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
        process.stderr.write(formatReport(report, { ok: paint(32), bad: paint(31), dim: paint(2) }));
      }
      const wanted = flags.runtime as 'kind' | 'sim' | undefined;
      if (wanted ? !report.runtimes[wanted] : !report.runtimes.sim && !report.runtimes.kind)
        process.exitCode = EXIT.environment;
    });
}
