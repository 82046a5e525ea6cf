// The Docker-links style variables the kubelet injects for every Service in the Pod's namespace
// (enableServiceLinks, default true) plus KUBERNETES_SERVICE_HOST/PORT for the API server.
import type { KubeObject } from '../core/types.ts';

export function serviceEnv(
  services: KubeObject[],
  namespace: string,
  enableServiceLinks = true,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const svc of services) {
    const isMaster = svc.metadata.namespace === 'default' && svc.metadata.name === 'kubernetes';
    if (svc.metadata.namespace !== namespace && !isMaster) continue;
    if (!isMaster && !enableServiceLinks) continue;
    const ip = svc.spec?.clusterIP;
    if (!ip || ip === 'None' || svc.spec?.type === 'ExternalName') continue;
    const prefix = String(svc.metadata.name).toUpperCase().replaceAll('-', '_');
    const ports = (svc.spec?.ports ?? []) as Array<{ name?: string; port: number; protocol?: string }>;
    const first = ports[0];
    if (!first) continue;
    env[`${prefix}_SERVICE_HOST`] = ip;
    env[`${prefix}_SERVICE_PORT`] = String(first.port);
    for (const port of ports) {
      if (port.name)
        env[`${prefix}_SERVICE_PORT_${port.name.toUpperCase().replaceAll('-', '_')}`] = String(port.port);
      const proto = (port.protocol ?? 'TCP').toLowerCase();
      const base = `${prefix}_PORT_${port.port}_${proto.toUpperCase()}`;
      env[base] = `${proto}://${ip}:${port.port}`;
      env[`${base}_PROTO`] = proto;
      env[`${base}_PORT`] = String(port.port);
      env[`${base}_ADDR`] = ip;
    }
    env[`${prefix}_PORT`] = `${(first.protocol ?? 'TCP').toLowerCase()}://${ip}:${first.port}`;
  }
  return env;
}
