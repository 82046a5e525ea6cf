import { describe, expect, it } from 'vitest';
import { editDistance, explainRow, explainRows, hostProblems, wrongRows } from './host-rules.ts';

const path = (p: string, service: string) => ({
  path: p,
  pathType: 'Prefix',
  backend: { service: { name: service, port: { number: 80 } } },
});
const ingress = (...rules: Array<{ host?: string; paths: ReturnType<typeof path>[] }>) => ({
  spec: { rules: rules.map(({ host, paths }) => ({ ...(host ? { host } : {}), http: { paths } })) },
});
const solution = ingress(
  { host: 'myapp.example.com', paths: [path('/api', 'my-app-service')] },
  { host: 'admin.example.com', paths: [path('/', 'admin-service')] },
  { host: '*.preview.example.com', paths: [path('/', 'preview-service')] },
);
const HOSTS = ['myapp.example.com', 'admin.example.com', '*.preview.example.com'];

describe('editDistance', () => {
  it('counts a swap of neighbouring letters as one edit', () => {
    expect(editDistance('myapp.exmaple.com', 'myapp.example.com')).toBe(1);
    expect(editDistance('preview.example.com', '*.preview.example.com')).toBe(2);
    expect(editDistance('abc', 'abc')).toBe(0);
  });
});

describe('explainRow', () => {
  it('names the rule, path and Service that took a request', () => {
    expect(explainRow(solution, { host: 'admin.example.com', path: '/api' })).toBe(
      'taken by rule host "admin.example.com", path / (Prefix), backend admin-service',
    );
    expect(explainRow(solution, { host: 'pr-42.preview.example.com', path: '/' })).toBe(
      'taken by wildcard rule "*.preview.example.com", path / (Prefix), backend preview-service',
    );
  });

  it('says that a rule without host takes every host', () => {
    const hostless = ingress({ paths: [path('/', 'admin-service')] });
    expect(explainRow(hostless, { host: 'shop.example.com', path: '/' })).toBe(
      'taken by the rule without host (it takes every host), path / (Prefix), backend admin-service',
    );
  });

  it('says which paths the host has when none matches', () => {
    expect(explainRow(solution, { host: 'myapp.example.com', path: '/apix' })).toBe(
      'rule host "myapp.example.com" has no path that matches /apix (its paths: /api (Prefix)), so the controller answers 404',
    );
  });

  it('points at a misspelt host, a wildcard of the wrong depth and a parent name', () => {
    const typo = ingress({ host: 'myapp.exmaple.com', paths: [path('/api', 'my-app-service')] });
    expect(explainRow(typo, { host: 'myapp.example.com', path: '/api' })).toContain(
      'no rule has host myapp.example.com (rule hosts: "myapp.exmaple.com"): rule host "myapp.exmaple.com" is 1 letter off',
    );
    const high = ingress({ host: '*.example.com', paths: [path('/', 'preview-service')] });
    expect(explainRow(high, { host: 'pr-42.preview.example.com', path: '/' })).toContain(
      '"*.example.com" covers exactly one label, and pr-42.preview.example.com has pr-42.preview there',
    );
    expect(explainRow(solution, { host: 'preview.example.com', path: '/' })).toContain(
      '"*.preview.example.com" needs one label before preview.example.com, and preview.example.com has none',
    );
    const parent = ingress({ host: 'preview.example.com', paths: [path('/', 'preview-service')] });
    expect(explainRow(parent, { host: 'pr-7.preview.example.com', path: '/' })).toContain(
      '"preview.example.com" is that one name only, not the names under it',
    );
  });
});

describe('explainRows and wrongRows', () => {
  it('picks the rows a routes failure lists, and lets rows with one reason share it', () => {
    const rows = [
      { host: 'shop.example.com', path: '/' },
      { host: 'example.com', path: '/' },
      { host: 'myapp.example.com', path: '/api' },
    ];
    const observed =
      'GET shop.example.com/ → admin (404), expected 404 (no backend); GET example.com/ → admin (404), expected 404 (no backend)';
    const wrong = wrongRows(observed, rows);
    expect(wrong).toEqual(rows.slice(0, 2));
    const hostless = ingress({ paths: [path('/', 'admin-service')] });
    expect(explainRows(hostless, wrong)).toBe(
      'GET shop.example.com/ and GET example.com/: taken by the rule without host (it takes every host), path / (Prefix), backend admin-service',
    );
  });

  it('does not take /api/v1 for /api when picking rows', () => {
    const rows = [
      { host: 'a', path: '/api' },
      { host: 'a', path: '/api/v1' },
    ];
    expect(wrongRows('GET a/api/v1 → 404 (no backend), expected x', rows)).toEqual([rows[1]]);
  });
});

describe('hostProblems', () => {
  it('finds nothing wrong with the wanted hosts', () => {
    expect(hostProblems(solution, HOSTS)).toEqual([]);
  });

  it('reports a rule without host and every wanted host that has no rule', () => {
    const exercise = ingress({ paths: [path('/api', 'my-app-service'), path('/', 'admin-service')] });
    expect(hostProblems(exercise, HOSTS)).toEqual([
      'rules[0] has no host, so it answers every Host header (paths /api (Prefix), / (Prefix))',
      'no rule for myapp.example.com',
      'no rule for admin.example.com',
      'no rule for *.preview.example.com',
    ]);
  });

  it('pairs a misspelt host with the name it was meant to be', () => {
    const typo = ingress(
      { host: 'myapp.exmaple.com', paths: [] },
      { host: 'admin.example.com', paths: [] },
      { host: 'preview.example.com', paths: [] },
    );
    expect(hostProblems(typo, HOSTS)).toEqual([
      'no rule for myapp.example.com; rule host "myapp.exmaple.com" is 1 letter off',
      'no rule for *.preview.example.com; rule host "preview.example.com" is only that one name, with no "*." label before it',
    ]);
  });

  it('lists a host nobody asked for, and says a wildcard covers one label', () => {
    const high = ingress(
      { host: 'myapp.example.com', paths: [] },
      { host: 'admin.example.com', paths: [] },
      { host: '*.example.com', paths: [] },
    );
    expect(hostProblems(high, HOSTS)).toEqual([
      'no rule for *.preview.example.com',
      'rule host "*.example.com" is not one the lab asks for (a wildcard covers exactly one label)',
    ]);
  });
});
