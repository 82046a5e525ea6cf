// ServiceAccount tokens, as `kubectl create token` asks for them (the TokenRequest API, POST
// …/serviceaccounts/<name>/token): a JWT with the claims the API server puts in one, signed with a
// key that lives as long as this API server. A token authenticates while it has not expired and its
// ServiceAccount still exists with the same uid, so deleting the ServiceAccount revokes it.
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { badRequest, type KubeObject, StatusError } from '../core/types.ts';
import { serviceAccountUser, type UserInfo } from './user.ts';

export const TOKEN_ISSUER = 'https://kubernetes.default.svc.cluster.local';
const DEFAULT_EXPIRATION_SECONDS = 3600;
const MIN_EXPIRATION_SECONDS = 600;
const MAX_EXPIRATION_SECONDS = 2 ** 32;

interface Claims {
  aud: string[];
  exp: number;
  iat: number;
  nbf: number;
  iss: string;
  jti: string;
  sub: string;
  'kubernetes.io': { namespace: string; serviceaccount: { name: string; uid: string } };
}

const base64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

export interface ServiceAccountLookup {
  /** The ServiceAccount, or undefined when it does not exist. */
  (namespace: string, name: string): KubeObject | undefined;
}

export class ServiceAccountTokens {
  private readonly key = randomBytes(32);

  constructor(
    private readonly lookup: ServiceAccountLookup,
    private readonly now: () => number = Date.now,
  ) {}

  private sign(input: string): Buffer {
    return createHmac('sha256', this.key).update(input).digest();
  }

  issue(
    account: KubeObject,
    options: { expirationSeconds?: number; audiences?: string[] } = {},
  ): { token: string; expirationTimestamp: string } {
    const seconds = Math.floor(this.now() / 1000);
    const ttl = options.expirationSeconds ?? DEFAULT_EXPIRATION_SECONDS;
    const claims: Claims = {
      aud: options.audiences?.length ? options.audiences : [TOKEN_ISSUER],
      exp: seconds + ttl,
      iat: seconds,
      nbf: seconds,
      iss: TOKEN_ISSUER,
      jti: randomUUID(),
      sub: `system:serviceaccount:${account.metadata.namespace}:${account.metadata.name}`,
      'kubernetes.io': {
        namespace: account.metadata.namespace ?? '',
        serviceaccount: { name: account.metadata.name ?? '', uid: account.metadata.uid ?? '' },
      },
    };
    const unsigned = `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64url(JSON.stringify(claims))}`;
    return {
      token: `${unsigned}.${base64url(this.sign(unsigned))}`,
      expirationTimestamp: new Date((seconds + ttl) * 1000).toISOString().replace(/\.\d+Z$/, 'Z'),
    };
  }

  /** The user a token authenticates, or undefined (bad signature, expired, ServiceAccount gone). */
  verify(token: string): UserInfo | undefined {
    const [header, payload, signature, ...extra] = token.split('.');
    if (!header || !payload || !signature || extra.length > 0) return undefined;
    const expected = this.sign(`${header}.${payload}`);
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    let claims: Claims;
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Claims;
    } catch {
      return undefined;
    }
    const seconds = Math.floor(this.now() / 1000);
    if (claims.exp <= seconds || claims.nbf > seconds) return undefined;
    const { namespace, serviceaccount } = claims['kubernetes.io'] ?? {};
    if (!namespace || !serviceaccount?.name) return undefined;
    const account = this.lookup(namespace, serviceaccount.name);
    if (!account || account.metadata.uid !== serviceaccount.uid || account.metadata.deletionTimestamp)
      return undefined;
    const user = serviceAccountUser(namespace, serviceaccount.name, serviceaccount.uid);
    return {
      ...user,
      extra: { 'authentication.kubernetes.io/credential-id': [`JTI=${claims.jti}`] },
    };
  }

  /** Answers a TokenRequest for `namespace/name`, as POST …/serviceaccounts/<name>/token does. */
  request(namespace: string, name: string, body: unknown): KubeObject {
    const request = (body ?? {}) as KubeObject;
    if (request.kind !== undefined && request.kind !== 'TokenRequest') {
      throw badRequest(`the body must be a TokenRequest, found kind "${String(request.kind)}"`);
    }
    const spec = (request.spec ?? {}) as { expirationSeconds?: number; audiences?: string[] };
    const ttl = spec.expirationSeconds ?? DEFAULT_EXPIRATION_SECONDS;
    if (!Number.isInteger(ttl) || ttl < MIN_EXPIRATION_SECONDS || ttl > MAX_EXPIRATION_SECONDS) {
      const detail =
        ttl < MIN_EXPIRATION_SECONDS
          ? 'may not specify a duration less than 10 minutes'
          : 'may not specify a duration larger than 2^32 seconds';
      throw new StatusError(
        422,
        'Invalid',
        `TokenRequest.authentication.k8s.io "${name}" is invalid: spec.expirationSeconds: Invalid value: ${ttl}: ${detail}`,
        {
          name,
          group: 'authentication.k8s.io',
          kind: 'TokenRequest',
          causes: [
            {
              reason: 'FieldValueInvalid',
              message: `Invalid value: ${ttl}: ${detail}`,
              field: 'spec.expirationSeconds',
            },
          ],
        },
      );
    }
    const account = this.lookup(namespace, name);
    if (!account) {
      throw new StatusError(404, 'NotFound', `serviceaccounts "${name}" not found`, {
        name,
        kind: 'serviceaccounts',
      });
    }
    const issued = this.issue(account, { expirationSeconds: ttl, audiences: spec.audiences });
    return {
      kind: 'TokenRequest',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: { name, namespace, creationTimestamp: null },
      spec: {
        audiences: spec.audiences?.length ? spec.audiences : [TOKEN_ISSUER],
        expirationSeconds: ttl,
        boundObjectRef: null,
      },
      status: issued,
    } as unknown as KubeObject;
  }
}

/** `/api/v1/namespaces/<ns>/serviceaccounts/<name>/token` → its namespace and name. */
export function tokenRequestPath(pathname: string): { namespace: string; name: string } | undefined {
  const match = /^\/api\/v1\/namespaces\/([^/]+)\/serviceaccounts\/([^/]+)\/token\/?$/.exec(pathname);
  return match
    ? { namespace: decodeURIComponent(match[1] ?? ''), name: decodeURIComponent(match[2] ?? '') }
    : undefined;
}
