// Access log lines in Traefik's Common Log Format:
// `client - - [time] "GET /path HTTP/1.1" status size "referer" "agent" count "router" "server" 3ms`.
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function clfTime(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

export interface AccessLogEntry {
  client: string;
  start: Date;
  method: string;
  path: string;
  protocol: string;
  status: number;
  size: number;
  referer: string | undefined;
  userAgent: string | undefined;
  count: number;
  router: string | undefined;
  server: string | undefined;
  durationMs: number;
}

const quoted = (value: string | undefined) => `"${value && value !== '' ? value.replace(/"/g, '\\"') : '-'}"`;

export function formatAccessLog(e: AccessLogEntry): string {
  return `${e.client || '-'} - - [${clfTime(e.start)}] "${e.method} ${e.path} ${e.protocol}" ${e.status} ${e.size} ${quoted(e.referer)} ${quoted(e.userAgent)} ${e.count} ${quoted(e.router)} ${quoted(e.server)} ${Math.round(e.durationMs)}ms`;
}
