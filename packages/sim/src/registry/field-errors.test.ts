import { describe, expect, it } from 'vitest';
import {
  aggregate,
  errorLine,
  forbidden,
  internal,
  invalid,
  invalidError,
  notSupported,
  path,
  required,
  tooLong,
  tooMany,
} from './field-errors.ts';
import { goQuote, goStringMap, goStringSlice } from './go-format.ts';

describe('field errors', () => {
  it('render values like Go: quoted strings, bare numbers and bools, %#v for lists and maps, "null" for nil', () => {
    expect(errorLine(invalid(path('spec', 'clusterIPs'), goStringSlice(['1.1.1.1']), 'x'))).toBe(
      'spec.clusterIPs: Invalid value: []string{"1.1.1.1"}: x',
    );
    expect(errorLine(invalid(path('spec').child('selector'), goStringMap({ b: '2', a: '1' }), 'x'))).toBe(
      'spec.selector: Invalid value: map[string]string{"a":"1", "b":"2"}: x',
    );
    expect(errorLine(invalid(path('spec', 'replicas'), -1, 'x'))).toBe('spec.replicas: Invalid value: -1: x');
    expect(errorLine(invalid(path('spec', 'flag'), true, 'x'))).toBe('spec.flag: Invalid value: true: x');
    expect(errorLine(invalid(path('spec', 'ipFamilyPolicy'), null, 'x'))).toBe(
      'spec.ipFamilyPolicy: Invalid value: "null": x',
    );
    expect(goQuote('a"b\n\u0001')).toBe('"a\\"b\\n\\x01"');
  });

  it('omit the value for Required, Forbidden, TooLong and Internal errors', () => {
    expect(errorLine(required(path('spec', 'ports')))).toBe('spec.ports: Required value');
    expect(errorLine(required(path('spec', 'x'), 'why'))).toBe('spec.x: Required value: why');
    expect(errorLine(forbidden(path('spec', 'x'), 'no'))).toBe('spec.x: Forbidden: no');
    expect(errorLine(tooLong(path('spec', 'controller'), 250))).toBe(
      'spec.controller: Too long: may not be more than 250 bytes',
    );
    expect(errorLine(internal(path('spec'), 'boom'))).toBe('spec: Internal error: boom');
    expect(errorLine(tooMany(path('endpoints'), 1001, 1000))).toBe(
      'endpoints: Too many: 1001: must have at most 1000 items',
    );
  });

  it('list supported values quoted and sorted', () => {
    expect(errorLine(notSupported(path('spec', 'type'), 'x', ['NodePort', 'ClusterIP']))).toBe(
      'spec.type: Unsupported value: "x": supported values: "ClusterIP", "NodePort"',
    );
  });

  it('render keys and indexes in paths', () => {
    expect(String(path('data').key('tls.crt'))).toBe('data[tls.crt]');
    expect(String(path('spec', 'ports').index(2).child('name'))).toBe('spec.ports[2].name');
  });

  it('aggregate one error bare, several in brackets, and print repeated lines once', () => {
    const a = required(path('a'));
    const b = required(path('b'));
    expect(aggregate([a])).toBe('a: Required value');
    expect(aggregate([a, b, a])).toBe('[a: Required value, b: Required value]');
    expect(aggregate([a, a])).toBe('a: Required value');
  });

  it('keep every cause in the Status even when the message prints a line once', () => {
    const error = invalidError('Ingress', 'networking.k8s.io', 'app', [
      required(path('a')),
      required(path('a')),
    ]);
    expect(error.message).toBe('Ingress.networking.k8s.io "app" is invalid: a: Required value');
    expect(error.details?.causes).toHaveLength(2);
    expect(error.details?.group).toBe('networking.k8s.io');
  });
});
