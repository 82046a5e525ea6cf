// Log lines in Spring Boot's default console layout, so the Pod's logs look like the Spring Boot
// service the lessons talk about:
// `2026-01-05T10:00:00.123Z  INFO 4242 --- [backend] [           main] w.backend.BackendApplication : Started ...`
export type Level = 'INFO' | 'WARN' | 'ERROR';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface LogSink {
  /** Receives one formatted line, without the trailing newline. */
  write(line: string): void;
}

let stdoutGuarded = false;

/** Writes to stdout; if whoever reads the logs goes away (EPIPE), the service keeps serving. */
export const stdoutSink: LogSink = {
  write: (line) => {
    if (!stdoutGuarded) {
      stdoutGuarded = true;
      process.stdout.on('error', () => {
        // Nothing useful to do with a log line nobody can read.
      });
    }
    process.stdout.write(`${line}\n`);
  },
};

/** Makes loggers for one application; `named(logger, thread)` mirrors Spring's logger and thread columns. */
export function createLogFactory(appName: string, sink: LogSink = stdoutSink) {
  return function named(logger: string, thread = 'main'): Logger {
    const line = (level: Level, message: string) =>
      sink.write(
        `${new Date().toISOString()} ${level.padStart(5)} ${process.pid} --- [${appName}] ` +
          `[${thread.padStart(15).slice(-15)}] ${logger.padEnd(40).slice(0, 40)} : ${message}`,
      );
    return {
      info: (message) => line('INFO', message),
      warn: (message) => line('WARN', message),
      error: (message) => line('ERROR', message),
    };
  };
}

export type LogFactory = ReturnType<typeof createLogFactory>;

/** `demo` → `DemoApplication`, `my-backend` → `MyBackendApplication`: the main class Spring would log. */
export function applicationClassName(appName: string): string {
  const words = appName.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const joined = words.map((word) => word[0]?.toUpperCase() + word.slice(1)).join('');
  return `${joined || 'Backend'}Application`;
}
