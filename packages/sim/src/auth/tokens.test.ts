import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../core/types.ts';
import { ServiceAccountTokens, tokenRequestPath } from './tokens.ts';

describe('ServiceAccount tokens', () => {
  const accounts = new Map<string, KubeObject>([
    [
      'workshop-learners/ana',
      {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: 'ana', namespace: 'workshop-learners', uid: 'u-1' },
      },
    ],
  ]);
  let now = Date.parse('2026-12-04T10:00:00Z');
  const tokens = new ServiceAccountTokens(
    (ns, name) => accounts.get(`${ns}/${name}`),
    () => now,
  );

  it('answers a TokenRequest with a token that authenticates as the ServiceAccount until it expires', () => {
    const answer = tokens.request('workshop-learners', 'ana', {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: { expirationSeconds: 7200 },
    });
    expect(answer.status.expirationTimestamp).toBe('2026-12-04T12:00:00Z');
    const user = tokens.verify(answer.status.token);
    expect(user).toMatchObject({
      username: 'system:serviceaccount:workshop-learners:ana',
      uid: 'u-1',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:workshop-learners', 'system:authenticated'],
    });
    now += 7200_000;
    expect(tokens.verify(answer.status.token)).toBeUndefined();
    now -= 7200_000;
  });

  it('refuses a token altered, from another key, or whose ServiceAccount was recreated', () => {
    const { token } = tokens.request('workshop-learners', 'ana', {}).status;
    const [h, p, s] = token.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    claims['kubernetes.io'].serviceaccount.name = 'bo';
    expect(
      tokens.verify(`${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`),
    ).toBeUndefined();
    expect(
      new ServiceAccountTokens((ns, name) => accounts.get(`${ns}/${name}`)).verify(token),
    ).toBeUndefined();
    expect(tokens.verify('not-a-jwt')).toBeUndefined();
    accounts.set('workshop-learners/ana', {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'ana', namespace: 'workshop-learners', uid: 'u-2' },
    });
    expect(tokens.verify(token)).toBeUndefined();
  });

  it('refuses a missing ServiceAccount and a lifetime under ten minutes as the API server does', () => {
    expect(() => tokens.request('workshop-learners', 'cy', {})).toThrow('serviceaccounts "cy" not found');
    expect(() => tokens.request('workshop-learners', 'ana', { spec: { expirationSeconds: 60 } })).toThrow(
      'TokenRequest.authentication.k8s.io "ana" is invalid: spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes',
    );
  });

  it('finds the TokenRequest path', () => {
    expect(tokenRequestPath('/api/v1/namespaces/workshop-learners/serviceaccounts/ana/token')).toEqual({
      namespace: 'workshop-learners',
      name: 'ana',
    });
    expect(tokenRequestPath('/api/v1/namespaces/x/serviceaccounts/ana')).toBeUndefined();
  });
});
