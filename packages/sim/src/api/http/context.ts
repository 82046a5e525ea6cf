// What the HTTP handlers share: the request pipeline, the node agent (for logs) and a logger.

import type { AccessControl } from '../../auth/access.ts';
import type { NodeAgent } from '../../core/node-agent.ts';
import type { RestStorage } from '../rest/types.ts';

export interface HttpContext {
  rest: RestStorage;
  /** The node agent, once there is one (logs are answered by it). */
  nodeAgent: () => NodeAgent | undefined;
  log: (line: string) => void;
  /** Streams (watches, follows, proxies) to end when the server stops. */
  openStreams: Set<() => void>;
  /** Authentication (bearer tokens) and RBAC. */
  access: AccessControl;
}
