// `?watch=true`: headers flushed at once, then one JSON event per line; Table rows when the
// Accept header asks for a Table (kubectl get -w). Ends on timeoutSeconds or client disconnect.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubeObject, ResourceType, WatchEvent } from '../../core/types.ts';
import { toTable } from '../tables/index.ts';
import type { HttpContext } from './context.ts';
import { toStatusError, warningHeader } from './respond.ts';

const DEFAULT_TIMEOUT_SECONDS = 30 * 60;

export function streamWatch(
  ctx: HttpContext,
  req: IncomingMessage,
  res: ServerResponse,
  type: ResourceType,
  namespace: string | undefined,
  query: URLSearchParams,
  asTable: boolean,
  warnings: string[],
): void {
  const timeout = Number(query.get('timeoutSeconds') ?? '') || DEFAULT_TIMEOUT_SECONDS;
  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
    ...(warnings.length > 0 ? { Warning: warningHeader(warnings) } : {}),
  });
  res.flushHeaders();
  let first = true;
  const send = (event: { type: string; object: KubeObject }) => {
    res.write(`${JSON.stringify(event)}\n`);
  };
  const onEvent = (event: WatchEvent) => {
    const object = asTable
      ? toTable(type.kind, [event.object], undefined, { noHeaders: !first })
      : event.object;
    first = false;
    send({ type: event.type, object });
  };
  let stop: (() => void) | undefined;
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    stop?.();
    clearTimeout(timer);
    ctx.openStreams.delete(end);
    res.end();
  };
  const timer = setTimeout(end, timeout * 1000);
  ctx.openStreams.add(end);
  req.on('close', end);
  res.on('error', end);
  try {
    stop = ctx.rest.watch(
      type,
      namespace,
      {
        labelSelector: query.get('labelSelector') ?? undefined,
        fieldSelector: query.get('fieldSelector') ?? undefined,
        resourceVersion: query.get('resourceVersion') ?? undefined,
      },
      onEvent,
    );
  } catch (error) {
    // The API server reports watch errors (e.g. 410 Gone) as an ERROR event in the stream.
    send({ type: 'ERROR', object: toStatusError(error).toStatus() });
    end();
  }
  if (ended) stop?.();
}
