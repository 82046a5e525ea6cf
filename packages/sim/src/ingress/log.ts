// Logs in Traefik v3's default console format (`2025-01-02T03:04:05Z INF message key=value`),
// so `kubectl logs -n traefik deploy/traefik` reads the same on the sim as on kind.
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };
const TAG: Record<LogLevel, string> = { debug: 'DBG', info: 'INF', warn: 'WRN', error: 'ERR' };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** Access-log lines go out as they are. */
  raw(line: string): void;
}

export function parseLogLevel(value: string | undefined): LogLevel {
  const v = (value ?? 'error').toLowerCase();
  if (v === 'trace' || v === 'debug') return 'debug';
  if (v === 'info') return 'info';
  if (v === 'warn' || v === 'warning') return 'warn';
  // Traefik's default level is ERROR; fatal/panic only add nothing the sim prints.
  return 'error';
}

function formatValue(value: unknown): string {
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  return /[\s"=]/.test(s) || s === '' ? JSON.stringify(s) : s;
}

export function createLogger(options: { level: LogLevel; write?: (line: string) => void }): Logger {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const emit = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[level] < ORDER[options.level]) return;
    const time = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const extra = Object.entries(fields ?? {})
      .map(([k, v]) => ` ${k}=${formatValue(v)}`)
      .join('');
    write(`${time} ${TAG[level]} ${msg}${extra}`);
  };
  return {
    debug: (msg, fields) => emit('debug', msg, fields),
    info: (msg, fields) => emit('info', msg, fields),
    warn: (msg, fields) => emit('warn', msg, fields),
    error: (msg, fields) => emit('error', msg, fields),
    raw: (line) => write(line),
  };
}
