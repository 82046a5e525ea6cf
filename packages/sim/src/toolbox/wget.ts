// busybox wget, as far as printing a response goes: -q, -O- (or -O -), -S, -T, --header,
// --spider, --no-check-certificate. There is no file system to save into, so a download without
// -O- says so instead of pretending.
import { exchange, HttpFailure, headerLines, parseUrl } from './http-client.ts';
import type { Command } from './io.ts';

export const wget: Command = async (args, io) => {
  let quiet = false;
  let output: string | undefined;
  let serverResponse = false;
  let spider = false;
  let timeout: number | undefined;
  const headers: Array<[string, string]> = [];
  const urls: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--spider') spider = true;
    else if (arg === '--no-check-certificate') continue;
    else if (arg === '--header' || arg.startsWith('--header=')) {
      const line = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : (args[++i] ?? '');
      const colon = line.indexOf(':');
      headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
    } else if (/^-[a-zA-Z]+/.test(arg)) {
      for (let j = 1; j < arg.length; j++) {
        const letter = arg[j];
        if (letter === 'q') quiet = true;
        else if (letter === 'S') serverResponse = true;
        else if (letter === 'O' || letter === 'T') {
          const value = arg.slice(j + 1) || args[++i];
          if (letter === 'O') output = value;
          else timeout = Number(value);
          break;
        }
      }
    } else urls.push(arg);
  }
  const raw = urls[0];
  if (!raw) {
    io.err(
      'BusyBox v1.36.1 multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-T SEC] [--header STR] URL...\n',
    );
    return 1;
  }
  const url = parseUrl(raw);
  if (!url) {
    io.err(`wget: bad address '${raw}'\n`);
    return 1;
  }
  if (!spider && output !== '-') {
    io.err(
      `wget: saving to a file is not available in this Pod (the sim has no writable file system); use -O- (for example wget -qO- ${raw}) to print the response\n`,
    );
    return 1;
  }
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  try {
    const answer = await exchange({
      url,
      method: spider ? 'HEAD' : 'GET',
      headers: [['Host', url.host], ['User-Agent', 'Wget'], ['Connection', 'close'], ...headers],
      insecure: true,
      timeoutMs: timeout ? timeout * 1000 : undefined,
      onResolved: (address) => !quiet && io.err(`Connecting to ${url.host} (${address}:${port})\n`),
    });
    if (serverResponse) {
      io.err(`  HTTP/${answer.httpVersion} ${answer.statusCode} ${answer.statusMessage}\n`);
      for (const line of headerLines(answer.rawHeaders)) io.err(`  ${line}\n`);
    }
    if (answer.statusCode >= 400) {
      io.err(
        `wget: server returned error: HTTP/${answer.httpVersion} ${answer.statusCode} ${answer.statusMessage}\n`,
      );
      return 1;
    }
    if (spider) {
      if (!quiet) io.err('remote file exists\n');
      return 0;
    }
    if (!quiet) io.err('writing to stdout\n');
    io.out(answer.body);
    if (!quiet) io.err('written to stdout\n');
    return 0;
  } catch (error) {
    if (!(error instanceof HttpFailure)) throw error;
    if (error.kind === 'resolve') io.err(`wget: bad address '${url.hostname}'\n`);
    else if (error.kind === 'refused')
      io.err(`wget: can't connect to remote host (${error.address}): Connection refused\n`);
    else if (error.kind === 'timeout') io.err('wget: download timed out\n');
    else io.err(`wget: ${error.message}\n`);
    return 1;
  }
};
