// pods/log: the container's output from the node agent, as text, streamed when `follow=true`.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest, type ResourceType } from '../../core/types.ts';
import type { HttpContext } from './context.ts';

export function handleLogs(
  ctx: HttpContext,
  req: IncomingMessage,
  res: ServerResponse,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
  query: URLSearchParams,
): void {
  const pod = ctx.rest.get(type, namespace, name);
  const names: string[] = (pod.spec?.containers ?? []).map((c: { name: string }) => c.name);
  let container = query.get('container') ?? '';
  if (container === '') {
    if (names.length !== 1) {
      throw badRequest(
        `a container name must be specified for pod ${name}, choose one of: [${names.join(' ')}]`,
      );
    }
    container = names[0] ?? '';
  }
  if (!names.includes(container)) throw badRequest(`container ${container} is not valid for pod ${name}`);
  const status = (pod.status?.containerStatuses ?? []).find((s: { name: string }) => s.name === container);
  const previous = query.get('previous') === 'true';
  if (!previous && (!status || (status.state?.waiting && !status.lastState?.terminated))) {
    const reason = status?.state?.waiting?.reason ?? 'ContainerCreating';
    throw badRequest(`container "${container}" in pod "${name}" is waiting to start: ${reason}`);
  }
  const agent = ctx.nodeAgent();
  if (!agent)
    throw badRequest(`pod "${name}" has no node agent to read logs from (the cluster runs without one)`);
  const number = (key: string) => (query.get(key) !== null ? Number(query.get(key)) : undefined);
  const stream = agent.logs(namespace ?? 'default', name, {
    container,
    follow: query.get('follow') === 'true',
    previous,
    tailLines: number('tailLines'),
    sinceSeconds: number('sinceSeconds'),
    timestamps: query.get('timestamps') === 'true',
  });
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();
  const end = () => {
    ctx.openStreams.delete(end);
    const destroyable = stream as NodeJS.ReadableStream & { destroy?: () => void };
    destroyable.destroy?.();
    if (!res.writableEnded) res.end();
  };
  ctx.openStreams.add(end);
  req.on('close', end);
  stream.on('error', end);
  stream.on('end', end);
  stream.pipe(res, { end: false });
}
