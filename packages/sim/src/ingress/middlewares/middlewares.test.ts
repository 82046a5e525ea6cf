// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are Go Regexp.Expand templates, not JS templates.
import { describe, expect, it } from 'vitest';
import { middleware } from '../test-fixtures.ts';
import { expandTemplate } from './go-regexp.ts';
import { compileMiddleware, type MiddlewareRequest } from './index.ts';

function request(path: string, extra: Partial<MiddlewareRequest> = {}): MiddlewareRequest {
  return {
    method: 'GET',
    path,
    query: '',
    headers: {},
    scheme: 'http',
    host: 'myapp.example.com',
    responseHeaders: {},
    ...extra,
  };
}

function run(spec: Record<string, unknown>, req: MiddlewareRequest) {
  const compiled = compileMiddleware(middleware('default', 'm', spec));
  if (!compiled.ok) throw new Error(compiled.error);
  return compiled.handler(req);
}

describe('stripPrefix', () => {
  const cases: Array<[string, string]> = [
    ['/api', '/'],
    ['/api/users', '/users'],
    ['/apiv2', '/v2'],
    ['/other', '/other'],
  ];
  for (const [path, expected] of cases) {
    it(`turns ${path} into ${expected} (string-based, leading slash ensured)`, () => {
      const req = request(path);
      run({ stripPrefix: { prefixes: ['/api'] } }, req);
      expect(req.path).toBe(expected);
      expect(req.headers['x-forwarded-prefix']).toBe(path.startsWith('/api') ? '/api' : undefined);
    });
  }

  it('applies only the first matching prefix', () => {
    const req = request('/api/v1/hello');
    run({ stripPrefix: { prefixes: ['/api/v1', '/api'] } }, req);
    expect(req.path).toBe('/hello');
  });
});

describe('stripPrefixRegex, replacePath, replacePathRegex, addPrefix', () => {
  it('strips a regex prefix and records it', () => {
    const req = request('/products/42/details');
    run({ stripPrefixRegex: { regex: ['/products/[0-9]+'] } }, req);
    expect(req.path).toBe('/details');
    expect(req.headers['x-forwarded-prefix']).toBe('/products/42');
  });

  it('replaces the path and keeps the original in X-Replaced-Path', () => {
    const req = request('/anything');
    run({ replacePath: { path: '/fixed' } }, req);
    expect(req.path).toBe('/fixed');
    expect(req.headers['x-replaced-path']).toBe('/anything');
  });

  it('rewrites /api/v1/hello to /v1/hello with a Go ${1} template', () => {
    const req = request('/api/v1/hello');
    run({ replacePathRegex: { regex: '^/api/(.*)', replacement: '/${1}' } }, req);
    expect(req.path).toBe('/v1/hello');
    expect(req.headers['x-replaced-path']).toBe('/api/v1/hello');
  });

  it('leaves a path the regex does not match untouched', () => {
    const req = request('/web');
    run({ replacePathRegex: { regex: '^/api/(.*)', replacement: '/$1' } }, req);
    expect(req.path).toBe('/web');
    expect(req.headers['x-replaced-path']).toBeUndefined();
  });

  it('leaves the path alone when the replacement is empty, as Traefik does', () => {
    const req = request('/api/v1/hello');
    run({ replacePathRegex: { regex: '/api', replacement: '' } }, req);
    expect(req.path).toBe('/api/v1/hello');
    expect(req.headers['x-replaced-path']).toBeUndefined();
  });

  it('adds a prefix', () => {
    const req = request('/hello');
    run({ addPrefix: { prefix: '/v1' } }, req);
    expect(req.path).toBe('/v1/hello');
  });
});

describe('Go template expansion', () => {
  const match = /^\/(?<first>[a-z]+)\/(.*)$/.exec('/api/rest') as RegExpExecArray;
  const cases: Array<[string, string]> = [
    ['/${1}', '/api'],
    ['/$2', '/rest'],
    ['/${first}-$$', '/api-$'],
    ['/$1x', '/'],
    ['/$', '/$'],
  ];
  for (const [template, expected] of cases) {
    it(`expands ${template} to ${expected}`, () => {
      expect(expandTemplate(template, match)).toBe(expected);
    });
  }
});

describe('redirectScheme and headers', () => {
  it('redirects plain HTTP to https, permanent, keeping path and query', () => {
    const response = run(
      { redirectScheme: { scheme: 'https', permanent: true } },
      request('/a', { query: '?x=1', host: 'myapp.example.com:8080' }),
    );
    expect(response?.status).toBe(301);
    expect(response?.headers?.location).toBe('https://myapp.example.com/a?x=1');
  });

  it('adds a non-default port and passes requests already on the target scheme', () => {
    const response = run(
      { redirectScheme: { scheme: 'https', port: '8443' } },
      request('/', { method: 'POST' }),
    );
    expect(response?.status).toBe(307);
    expect(response?.headers?.location).toBe('https://myapp.example.com:8443/');
    expect(run({ redirectScheme: { scheme: 'https' } }, request('/', { scheme: 'https' }))).toBeUndefined();
  });

  it('sets and removes request headers, and queues response headers', () => {
    const req = request('/', { headers: { 'x-remove': 'a' } });
    run(
      {
        headers: {
          customRequestHeaders: { 'X-Team': 'blue', 'X-Remove': '' },
          customResponseHeaders: { 'X-Served-By': 'sim' },
        },
      },
      req,
    );
    expect(req.headers).toEqual({ 'x-team': 'blue' });
    expect(req.responseHeaders).toEqual({ 'X-Served-By': 'sim' });
  });
});

describe('compiling Middleware objects', () => {
  it('rejects a middleware type the sim does not implement, naming the ones it does', () => {
    const compiled = compileMiddleware(middleware('default', 'auth', { basicAuth: { secret: 's' } }));
    expect(compiled.ok).toBe(false);
    expect(!compiled.ok && compiled.error).toMatch(/basicAuth is not supported.*stripPrefix/);
  });

  it('reports an invalid configuration with what was expected', () => {
    const compiled = compileMiddleware(middleware('default', 'bad', { stripPrefix: { prefixes: '/api' } }));
    expect(!compiled.ok && compiled.error).toBe(
      'invalid stripPrefix configuration: expected stripPrefix.prefixes to be a list of strings, found "/api"',
    );
  });
});
