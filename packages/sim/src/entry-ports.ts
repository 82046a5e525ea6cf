// Which host ports the ingress entry points take when the learner names none: 80/443 when they can
// be used, otherwise 8080/8443, otherwise the next free pair (8081/8444, …). The one rule for every
// runtime; what "can be used" means is the runtime's (the sim binds the ports itself, kind asks its
// container engine to publish them), so each passes its own probe.

/** Whether a host port can carry an entry point, and if not, why (shown to the learner). */
export type EntryPortProbe = (port: number) => Promise<{ ok: true } | { ok: false; why: string }>;

export interface EntryPortChoice {
  http: number;
  https: number;
  /** Why the entry points are not on 80/443, when they are not (one line for `cluster up` and status). */
  note?: string;
}

/** 80/443 first, then 8080/8443 and the pairs after it. */
export const ENTRY_PORT_CANDIDATES: ReadonlyArray<readonly [number, number]> = [
  [80, 443],
  ...Array.from({ length: 10 }, (_, i) => [8080 + i, 8443 + i] as const),
];

export async function pickEntryPorts(probe: EntryPortProbe): Promise<EntryPortChoice> {
  const skipped: string[] = [];
  for (const [http, https] of ENTRY_PORT_CANDIDATES) {
    const refused = new Map<string, number[]>();
    for (const port of [http, https]) {
      const answer = await probe(port);
      if (!answer.ok) refused.set(answer.why, [...(refused.get(answer.why) ?? []), port]);
    }
    if (refused.size === 0) {
      if (skipped.length === 0) return { http, https };
      return { http, https, note: `entry points on ${http}/${https}: ${skipped.join('; ')}` };
    }
    skipped.push(
      [...refused]
        .map(([why, ports]) => `port${ports.length > 1 ? 's' : ''} ${ports.join(' and ')}: ${why}`)
        .join(', '),
    );
  }
  const [lastHttp, lastHttps] = ENTRY_PORT_CANDIDATES.at(-1) ?? [0, 0];
  throw new Error(
    `no pair of entry ports from 80/443 to ${lastHttp}/${lastHttps} can be used (${skipped.join('; ')}); pass --http-port and --https-port`,
  );
}

/** Reads `net.ipv4.ip_unprivileged_port_start` (Linux; undefined elsewhere or when unreadable). */
export async function unprivilegedPortStart(): Promise<number | undefined> {
  if (process.platform !== 'linux') return undefined;
  try {
    const { readFile } = await import('node:fs/promises');
    const value = Number((await readFile('/proc/sys/net/ipv4/ip_unprivileged_port_start', 'utf8')).trim());
    return Number.isFinite(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
