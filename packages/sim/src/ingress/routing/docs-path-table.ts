// Every row of the Kubernetes docs' Ingress path-matching table (shared/reference/k8s-semantics.md
// §4.3, from kubernetes/website ingress.md "Examples"), as data for the routing and proxy tests.
import type { PathType } from './path-match.ts';

export interface PathTableRow {
  rules: Array<[PathType, string]>;
  requests: string[];
  /** Index into rules of the path that must win, or null for "no match". */
  expected: number | null;
}

// "(all paths)" in the docs is sampled with a few representative paths.
export const DOCS_PATH_TABLE: PathTableRow[] = [
  { rules: [['Prefix', '/']], requests: ['/', '/foo', '/aaa/bbb/', '/x/y/z'], expected: 0 },
  { rules: [['Exact', '/foo']], requests: ['/foo'], expected: 0 },
  { rules: [['Exact', '/foo']], requests: ['/bar'], expected: null },
  { rules: [['Exact', '/foo']], requests: ['/foo/'], expected: null },
  { rules: [['Exact', '/foo/']], requests: ['/foo'], expected: null },
  { rules: [['Prefix', '/foo']], requests: ['/foo', '/foo/'], expected: 0 },
  { rules: [['Prefix', '/foo/']], requests: ['/foo', '/foo/'], expected: 0 },
  { rules: [['Prefix', '/aaa/bb']], requests: ['/aaa/bbb'], expected: null },
  { rules: [['Prefix', '/aaa/bbb']], requests: ['/aaa/bbb'], expected: 0 },
  { rules: [['Prefix', '/aaa/bbb/']], requests: ['/aaa/bbb'], expected: 0 },
  { rules: [['Prefix', '/aaa/bbb']], requests: ['/aaa/bbb/'], expected: 0 },
  { rules: [['Prefix', '/aaa/bbb']], requests: ['/aaa/bbb/ccc'], expected: 0 },
  { rules: [['Prefix', '/aaa/bbb']], requests: ['/aaa/bbbxyz'], expected: null },
  {
    rules: [
      ['Prefix', '/'],
      ['Prefix', '/aaa'],
    ],
    requests: ['/aaa/ccc'],
    expected: 1,
  },
  {
    rules: [
      ['Prefix', '/'],
      ['Prefix', '/aaa'],
      ['Prefix', '/aaa/bbb'],
    ],
    requests: ['/aaa/bbb'],
    expected: 2,
  },
  {
    rules: [
      ['Prefix', '/'],
      ['Prefix', '/aaa'],
      ['Prefix', '/aaa/bbb'],
    ],
    requests: ['/ccc'],
    expected: 0,
  },
  { rules: [['Prefix', '/aaa']], requests: ['/ccc'], expected: null },
  {
    rules: [
      ['Prefix', '/foo'],
      ['Exact', '/foo'],
    ],
    requests: ['/foo'],
    expected: 1,
  },
];
