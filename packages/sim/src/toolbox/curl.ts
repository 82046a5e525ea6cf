// curl with the options people use to debug a Service from inside a Pod: -s -S -v -i -I -k -f -L,
// -H, -X, -d, -o, -w, -m, -A. Messages and exit codes are curl's (6 resolve, 7 connect, 22 -f,
// 28 timeout, 60 certificate).
import { exchange, HttpFailure, headerLines, headerValue, parseUrl } from './http-client.ts';
import type { Command } from './io.ts';

const VERSION = '8.11.1';
const FLAGS: Record<string, string> = {
  s: 'silent',
  S: 'show-error',
  v: 'verbose',
  i: 'include',
  I: 'head',
  k: 'insecure',
  f: 'fail',
  L: 'location',
};
const VALUED: Record<string, string> = {
  H: 'header',
  X: 'request',
  d: 'data',
  o: 'output',
  w: 'write-out',
  m: 'max-time',
  A: 'user-agent',
};
const LONG_VALUED = new Set([...Object.values(VALUED), 'data-raw', 'connect-timeout']);

interface Options {
  flags: Set<string>;
  values: Map<string, string[]>;
  urls: string[];
}

function parse(args: string[]): Options | string {
  const options: Options = { flags: new Set(), values: new Map(), urls: [] };
  const add = (name: string, value: string) =>
    options.values.set(name, [...(options.values.get(name) ?? []), value]);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg.startsWith('--')) {
      const [name = '', inline] = arg.slice(2).split(/=(.*)/s);
      if (LONG_VALUED.has(name)) {
        const value = inline ?? args[++i];
        if (value === undefined) return `option --${name}: requires parameter`;
        add(name === 'data-raw' ? 'data' : name, value);
      } else if (Object.values(FLAGS).includes(name)) options.flags.add(name);
      else return `option --${name}: is unknown`;
    } else if (arg.startsWith('-') && arg.length > 1) {
      for (let j = 1; j < arg.length; j++) {
        const letter = arg[j] as string;
        if (FLAGS[letter]) options.flags.add(FLAGS[letter] as string);
        else if (VALUED[letter]) {
          const rest = arg.slice(j + 1);
          const value = rest !== '' ? rest : args[++i];
          if (value === undefined) return `option -${letter}: requires parameter`;
          add(VALUED[letter] as string, value);
          break;
        } else return `option -${letter}: is unknown`;
      }
    } else options.urls.push(arg);
  }
  return options;
}

function writeOut(format: string, values: Record<string, string>): string {
  return format
    .replace(/%\{([a-z_]+)\}/g, (_, key: string) => values[key] ?? '')
    .replace(/\\n/g, '\n')
    .replace(/\\t/g, '\t');
}

export const curl: Command = async (args, io) => {
  const options = parse(args);
  const say = (code: number, message: string) => {
    const silent = typeof options !== 'string' && options.flags.has('silent');
    const show = typeof options !== 'string' && options.flags.has('show-error');
    if (!silent || show) io.err(`curl: (${code}) ${message}\n`);
    return code;
  };
  if (typeof options === 'string') {
    io.err(`curl: ${options}\ncurl: try 'curl --help' for more information\n`);
    return 2;
  }
  const raw = options.urls[0];
  if (!raw) {
    io.err(`curl: try 'curl --help' for more information\n`);
    return 2;
  }
  const flags = options.flags;
  const data = options.values.get('data')?.join('&');
  const method =
    options.values.get('request')?.at(-1) ??
    (flags.has('head') ? 'HEAD' : data !== undefined ? 'POST' : 'GET');
  const verbose = flags.has('verbose');
  const started = Date.now();
  let url = parseUrl(raw);
  for (let redirects = 0; ; redirects++) {
    if (!url) return say(3, `URL rejected: Malformed input to a URL function`);
    const current: URL = url;
    const extra = (options.values.get('header') ?? []).map((line): [string, string] => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
    });
    const defaults: Array<[string, string]> = [
      ['Host', current.host],
      ['User-Agent', options.values.get('user-agent')?.at(-1) ?? `curl/${VERSION}`],
      ['Accept', '*/*'],
    ];
    if (data !== undefined) {
      defaults.push(['Content-Length', String(Buffer.byteLength(data))]);
      defaults.push(['Content-Type', 'application/x-www-form-urlencoded']);
    }
    const headers = [
      ...defaults.filter(([name]) => !extra.some(([n]) => n.toLowerCase() === name.toLowerCase())),
      ...extra.filter(([, value]) => value !== ''),
    ];
    const maxTime = Number(
      options.values.get('max-time')?.at(-1) ?? options.values.get('connect-timeout')?.at(-1),
    );
    const trace = (line: string) => verbose && io.err(`${line}\n`);
    let answer: Awaited<ReturnType<typeof exchange>>;
    try {
      answer = await exchange({
        url: current,
        method,
        headers,
        body: data,
        insecure: flags.has('insecure'),
        timeoutMs: Number.isFinite(maxTime) && maxTime > 0 ? maxTime * 1000 : undefined,
        onResolved: (address) => {
          trace(`* Host ${current.hostname}:${portOf(current)} was resolved.`);
          trace(`* IPv4: ${address}`);
          trace(`*   Trying ${address}:${portOf(current)}...`);
        },
        onConnected: (address, port, tls) => {
          trace(`* Connected to ${current.hostname} (${address}) port ${port}`);
          if (tls) trace(`* SSL connection using ${tls.protocol} / ${tls.cipher}`);
          for (const [name, value] of [[method, `${current.pathname}${current.search} HTTP/1.1`], ...headers])
            trace(name === method ? `> ${name} ${value}` : `> ${name}: ${value}`);
          trace('> ');
        },
      });
    } catch (error) {
      return failed(error, current, started, say);
    }
    const statusLine = `HTTP/${answer.httpVersion} ${answer.statusCode} ${answer.statusMessage}`;
    trace(`< ${statusLine}`);
    for (const line of headerLines(answer.rawHeaders)) trace(`< ${line}`);
    trace('< ');
    const location = headerValue(answer.rawHeaders, 'location');
    if (
      flags.has('location') &&
      location &&
      answer.statusCode >= 300 &&
      answer.statusCode < 400 &&
      redirects < 10
    ) {
      trace(`* Issue another request to this URL: '${new URL(location, current).href}'`);
      url = new URL(location, current);
      continue;
    }
    if (flags.has('fail') && answer.statusCode >= 400) {
      return say(22, `The requested URL returned error: ${answer.statusCode}`);
    }
    const toFile = options.values.get('output')?.at(-1);
    if (flags.has('include') || flags.has('head'))
      io.out(`${statusLine}\r\n${headerLines(answer.rawHeaders).join('\r\n')}\r\n\r\n`);
    if (toFile === undefined || toFile === '-') io.out(answer.body);
    else if (toFile !== '/dev/null') {
      return say(23, `Failure writing output to destination, passed 0 returned ${answer.body.length}`);
    }
    trace(`* Connection #0 to host ${current.hostname} left intact`);
    const format = options.values.get('write-out')?.at(-1);
    if (format) {
      io.out(
        writeOut(format, {
          http_code: String(answer.statusCode),
          response_code: String(answer.statusCode),
          remote_ip: answer.remoteAddress,
          remote_port: String(answer.remotePort),
          url_effective: current.href,
          size_download: String(answer.body.length),
          time_total: ((Date.now() - started) / 1000).toFixed(6),
        }),
      );
    }
    return 0;
  }
};

function portOf(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

function failed(
  error: unknown,
  url: URL,
  started: number,
  say: (code: number, message: string) => number,
): number {
  if (!(error instanceof HttpFailure)) return say(1, (error as Error).message);
  const after = Date.now() - started;
  switch (error.kind) {
    case 'resolve':
      return say(6, `Could not resolve host: ${url.hostname}`);
    case 'refused':
      return say(
        7,
        `Failed to connect to ${url.hostname} port ${portOf(url)} after ${after} ms: Couldn't connect to server`,
      );
    case 'timeout':
      return say(28, `Connection timed out after ${after} milliseconds`);
    case 'tls':
      return say(60, `SSL certificate problem: ${error.message}`);
    default:
      return say(56, `Recv failure: ${error.message}`);
  }
}
