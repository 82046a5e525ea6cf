// REST verbs on one resource route: get/list/watch, create, update, patch, delete,
// deletecollection, and the status, scale, log and proxy subresources.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ADMIN_USER, type UserInfo } from '../../auth/user.ts';
import { badRequest, type KubeObject, type ResourceType, StatusError } from '../../core/types.ts';
import { groupVersion } from '../../resources.ts';
import { parseFieldValidation } from '../rest/decode.ts';
import type { PatchType, RestDeleteOptions } from '../rest/types.ts';
import { toTable } from '../tables/index.ts';
import { parseBody, readBody } from './body.ts';
import type { HttpContext } from './context.ts';
import { handleLogs } from './logs.ts';
import { handleProxy } from './proxy.ts';
import { METHOD_NOT_ALLOWED, sendJson, successStatus } from './respond.ts';
import { answerReview } from './reviews.ts';
import type { ResourceRoute } from './router.ts';
import { streamWatch } from './watch-stream.ts';

const ENDPOINTS_WARNING = 'v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice';
/** Kinds whose DELETE answers with the deleted object rather than a Status. */
const RETURNS_DELETED_OBJECT = new Set([
  'Pod',
  'Service',
  'Namespace',
  'Node',
  'Endpoints',
  'Secret',
  'ConfigMap',
  'ServiceAccount',
  'Event',
]);

function wantsTable(req: IncomingMessage): boolean {
  return /as=Table/.test(req.headers.accept ?? '');
}

function includeObject(query: URLSearchParams): 'Object' | 'Metadata' | 'None' | undefined {
  const value = query.get('includeObject');
  return value === 'Object' || value === 'None' || value === 'Metadata' ? value : undefined;
}

function isDryRun(query: URLSearchParams): boolean {
  const values = query.getAll('dryRun');
  for (const value of values) {
    if (value !== 'All')
      throw badRequest(`Invalid dryRun value "${value}"; the only supported value is "All"`);
  }
  return values.length > 0;
}

function patchTypeOf(contentType: string | undefined, type: ResourceType): PatchType {
  const media = (contentType ?? '').split(';')[0]?.trim();
  if (media === 'application/json-patch+json') return 'json';
  if (media === 'application/merge-patch+json') return 'merge';
  if (media === 'application/apply-patch+yaml') return 'apply';
  // Custom resources (Middleware) have no Go struct, so no strategic merge, as on a real cluster.
  if (media === 'application/strategic-merge-patch+json' && type.group !== 'traefik.io') return 'strategic';
  const accepted = [
    'application/json-patch+json',
    'application/merge-patch+json',
    'application/apply-patch+yaml',
  ];
  if (type.group !== 'traefik.io') accepted.push('application/strategic-merge-patch+json');
  throw new StatusError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
  );
}

function asList(type: ResourceType, items: KubeObject[], resourceVersion: string): KubeObject {
  return {
    kind: `${type.kind}List`,
    apiVersion: groupVersion(type),
    metadata: { resourceVersion },
    items,
  } as unknown as KubeObject;
}

async function readJson(req: IncomingMessage, what: string): Promise<unknown> {
  return parseBody(await readBody(req), req.headers['content-type'], what);
}

interface DeleteOptionsBody {
  gracePeriodSeconds?: number;
  propagationPolicy?: string;
  orphanDependents?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: string[];
}

async function deleteOptions(req: IncomingMessage, query: URLSearchParams): Promise<RestDeleteOptions> {
  const buffer = await readBody(req);
  const body =
    buffer.length > 0
      ? ((parseBody(buffer, req.headers['content-type'], 'DeleteOptions') ?? {}) as DeleteOptionsBody)
      : {};
  const grace = query.get('gracePeriodSeconds') ?? body.gracePeriodSeconds;
  const policy =
    query.get('propagationPolicy') ??
    body.propagationPolicy ??
    (body.orphanDependents === true ? 'Orphan' : undefined);
  if (policy !== undefined && !['Background', 'Foreground', 'Orphan'].includes(policy)) {
    throw badRequest(
      `DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan"`,
    );
  }
  return {
    gracePeriodSeconds: grace === undefined || grace === null ? undefined : Number(grace),
    propagationPolicy: policy as RestDeleteOptions['propagationPolicy'],
    preconditionUid: body.preconditions?.uid,
    preconditionResourceVersion: body.preconditions?.resourceVersion,
    dryRun: isDryRun(query) || (Array.isArray(body.dryRun) && body.dryRun.includes('All')),
  };
}

export async function handleResource(
  ctx: HttpContext,
  req: IncomingMessage,
  res: ServerResponse,
  route: ResourceRoute,
  url: URL,
  user: UserInfo = ADMIN_USER,
): Promise<void> {
  const { type, namespace, name, subresource } = route;
  const query = url.searchParams;
  const method = req.method ?? 'GET';
  const rest = ctx.rest;
  const warnings: string[] = type.kind === 'Endpoints' && type.group === '' ? [ENDPOINTS_WARNING] : [];
  const table = wantsTable(req);
  const writeOptions = () => ({
    dryRun: isDryRun(query),
    fieldValidation: parseFieldValidation(query.get('fieldValidation') ?? undefined),
    fieldManager: query.get('fieldManager') ?? undefined,
  });

  if (subresource === 'proxy' && name) {
    await handleProxy(ctx, req, res, type, namespace, name, route.proxyPath ?? '/', url.search);
    return;
  }
  if ((subresource === 'exec' || subresource === 'attach' || subresource === 'portforward') && name) {
    // Reached only without an Upgrade header: these answer by switching protocols (streaming/upgrade.ts).
    rest.get(type, namespace, name);
    throw badRequest('Upgrade request required');
  }
  if (subresource === 'log' && name) {
    if (method !== 'GET') throw METHOD_NOT_ALLOWED();
    handleLogs(ctx, req, res, type, namespace, name, query);
    return;
  }

  if (!name) {
    if (method === 'GET' && !type.verbs.includes('list')) throw METHOD_NOT_ALLOWED();
    if (method === 'GET') {
      if (query.get('watch') === 'true' || query.get('watch') === '1') {
        streamWatch(ctx, req, res, type, namespace, query, table, warnings);
        return;
      }
      const listed = rest.list(type, namespace, {
        labelSelector: query.get('labelSelector') ?? undefined,
        fieldSelector: query.get('fieldSelector') ?? undefined,
      });
      const body = table
        ? toTable(type.kind, listed.items, listed.resourceVersion, { includeObject: includeObject(query) })
        : asList(type, listed.items, listed.resourceVersion);
      sendJson(res, 200, body, warnings);
      return;
    }
    if (
      method === 'POST' &&
      (type.group === 'authorization.k8s.io' || type.group === 'authentication.k8s.io')
    ) {
      sendJson(
        res,
        201,
        answerReview(
          type,
          (await readJson(req, type.kind)) as KubeObject | undefined,
          user,
          ctx.access.policy,
        ),
      );
      return;
    }
    if (method === 'POST') {
      const body = await readJson(req, type.kind);
      const result = rest.create(type, namespace, body as KubeObject, writeOptions());
      sendJson(res, 201, result.object, [...warnings, ...result.warnings]);
      return;
    }
    if (method === 'DELETE') {
      if (!type.verbs.includes('deletecollection')) throw METHOD_NOT_ALLOWED();
      const options = await deleteOptions(req, query);
      const result = rest.deleteCollection(
        type,
        namespace,
        {
          labelSelector: query.get('labelSelector') ?? undefined,
          fieldSelector: query.get('fieldSelector') ?? undefined,
        },
        options,
      );
      sendJson(res, 200, asList(type, result.items, result.resourceVersion), warnings);
      return;
    }
    throw METHOD_NOT_ALLOWED();
  }

  const sub = subresource === 'status' || subresource === 'scale' ? subresource : undefined;
  if (method === 'GET') {
    const object = sub === 'scale' ? rest.getScale(type, namespace, name) : rest.get(type, namespace, name);
    const body =
      table && !sub
        ? toTable(type.kind, [object], object.metadata.resourceVersion, {
            includeObject: includeObject(query),
          })
        : object;
    sendJson(res, 200, body, warnings);
    return;
  }
  if (method === 'PUT') {
    const body = await readJson(req, sub === 'scale' ? 'Scale' : type.kind);
    const result = rest.update(type, namespace, name, body as KubeObject, {
      ...writeOptions(),
      subresource: sub,
    });
    sendJson(res, 200, result.object, [...warnings, ...result.warnings]);
    return;
  }
  if (method === 'PATCH') {
    const patchType = patchTypeOf(req.headers['content-type'], type);
    const body = await readJson(req, patchType === 'json' ? 'JSON patch' : type.kind);
    const force = query.get('force') === 'true';
    const result = rest.patch(type, namespace, name, patchType, body, {
      ...writeOptions(),
      subresource: sub,
      force,
    });
    sendJson(res, result.created ? 201 : 200, result.object, [...warnings, ...result.warnings]);
    return;
  }
  if (method === 'DELETE' && !subresource) {
    const options = await deleteOptions(req, query);
    const result = rest.delete(type, namespace, name, options);
    const body =
      !result.removed || RETURNS_DELETED_OBJECT.has(type.kind)
        ? result.object
        : successStatus({
            name,
            ...(type.group ? { group: type.group } : {}),
            kind: type.plural,
            uid: result.object.metadata.uid,
          });
    sendJson(res, 200, body, warnings);
    return;
  }
  throw METHOD_NOT_ALLOWED();
}
