// Service allocation (kube's storage/alloc.go): IP-family fields, ClusterIPs and NodePorts, run
// before validation on create. Every step returns a Finish that keeps the allocation when the write
// is stored and gives it back when a later step fails.
import type { Finish, RegistryContext } from '../../core/strategy.ts';
import type { KubeObject } from '../../core/types.ts';
import { type FieldError, internalError, invalid, invalidError, path } from '../field-errors.ts';
import { goStringSlice } from '../go-format.ts';
import { isIPv6 } from '../names.ts';
import { AllocationError, IPAllocator, PortAllocator } from './allocators.ts';
import { validateClusterIPsRelatedFields } from './cluster-ips.ts';
import {
  allocatedClusterIPs,
  heldNodePorts,
  isHeadless,
  needsClusterIP,
  needsHealthCheck,
  needsNodePort,
  portsOf,
  shouldAllocateNodePorts,
} from './helpers.ts';

const SERVICES = { apiVersion: 'v1', kind: 'Service' };

/** Undo log for one write: what it took, and what it gives back once stored. */
class Transaction {
  private readonly taken: Array<() => void> = [];
  private readonly onCommit: Array<() => void> = [];
  took(undo: () => void): void {
    this.taken.push(undo);
  }
  releaseOnCommit(release: () => void): void {
    this.onCommit.push(release);
  }
  revert(): void {
    for (const undo of this.taken.reverse()) undo();
    this.taken.length = 0;
  }
  finish: Finish = (success) => {
    if (success) for (const release of this.onCommit) release();
    else this.revert();
  };
}

export class ServiceAllocator {
  private ips?: IPAllocator;
  private ports?: PortAllocator;

  constructor(
    private readonly ctx: RegistryContext,
    private readonly random: () => number = Math.random,
  ) {}

  /** Built on first use from the stored Services, so a registry over an existing store agrees with it. */
  private pools(): { ips: IPAllocator; ports: PortAllocator } {
    if (!this.ips || !this.ports) {
      const ips = new IPAllocator(this.ctx.network.serviceCIDR, this.random);
      const ports = new PortAllocator(undefined, this.random);
      for (const svc of this.ctx.list(SERVICES).items) {
        for (const ip of allocatedClusterIPs(svc))
          if (ips.contains(ip) && !ips.isAllocated(ip)) ips.allocate(ip);
        for (const port of heldNodePorts(svc))
          if (ports.contains(port) && !ports.isAllocated(port)) ports.allocate(port);
      }
      this.ips = ips;
      this.ports = ports;
    }
    return { ips: this.ips, ports: this.ports };
  }

  get ipAllocator(): IPAllocator {
    return this.pools().ips;
  }
  get portAllocator(): PortAllocator {
    return this.pools().ports;
  }

  beginCreate(svc: KubeObject): Finish {
    const txn = new Transaction();
    try {
      this.initIPFamilyFields(svc);
      this.allocateClusterIPs(svc, undefined, txn);
      if (needsNodePort(svc)) this.allocateNodePorts(svc, undefined, txn);
      if (needsHealthCheck(svc)) this.allocateHealthCheckPort(svc, undefined, txn);
    } catch (error) {
      txn.revert();
      throw error;
    }
    return txn.finish;
  }

  beginUpdate(svc: KubeObject, old: KubeObject): Finish {
    const txn = new Transaction();
    try {
      this.initIPFamilyFields(svc);
      this.allocateClusterIPs(svc, old, txn);
      const oldPorts = heldNodePorts({ ...old, spec: { ...old.spec, healthCheckNodePort: undefined } });
      if (needsNodePort(svc)) this.allocateNodePorts(svc, old, txn);
      const keptPorts = new Set(needsNodePort(svc) ? portsOf(svc).map((p) => p.nodePort) : []);
      for (const port of oldPorts)
        if (!keptPorts.has(port)) txn.releaseOnCommit(() => this.portAllocator.release(port));
      this.allocateHealthCheckPort(svc, old, txn);
    } catch (error) {
      txn.revert();
      throw error;
    }
    return txn.finish;
  }

  release(svc: KubeObject): void {
    for (const ip of allocatedClusterIPs(svc)) this.ipAllocator.release(ip);
    for (const port of heldNodePorts(svc)) this.portAllocator.release(port);
  }

  private initIPFamilyFields(svc: KubeObject): void {
    if (!needsClusterIP(svc)) return;
    const name = svc.metadata?.name ?? '';
    const pre = validateClusterIPsRelatedFields(svc);
    if (pre.length) throw invalidError('Service', '', name, pre);
    const spec = svc.spec;
    const headless = isHeadless(svc);
    const errs: FieldError[] = [];
    if (spec.ipFamilyPolicy == null) {
      // Headless Services without a selector can point at addresses of any family.
      spec.ipFamilyPolicy =
        headless && Object.keys(spec.selector ?? {}).length === 0 ? 'RequireDualStack' : 'SingleStack';
    }
    if (!Array.isArray(spec.ipFamilies) || spec.ipFamilies.length === 0) {
      const fromIPs = allocatedClusterIPs(svc).map((ip) => (isIPv6(ip) ? 'IPv6' : 'IPv4'));
      spec.ipFamilies = fromIPs.length ? fromIPs : ['IPv4'];
    }
    if (!headless) {
      spec.ipFamilies.forEach((family: string, i: number) => {
        if (family !== 'IPv4')
          errs.push(invalid(path('spec', 'ipFamilies').index(i), family, 'not configured on this cluster'));
      });
      if (spec.ipFamilyPolicy === 'RequireDualStack') {
        errs.push(
          invalid(
            path('spec', 'ipFamilyPolicy'),
            spec.ipFamilyPolicy,
            'this cluster is not configured for dual-stack services',
          ),
        );
      }
    } else if (spec.ipFamilyPolicy !== 'SingleStack' && spec.ipFamilies.length === 1) {
      spec.ipFamilies.push(spec.ipFamilies[0] === 'IPv4' ? 'IPv6' : 'IPv4');
    }
    if (errs.length) throw invalidError('Service', '', name, errs);
  }

  private allocateClusterIPs(svc: KubeObject, old: KubeObject | undefined, txn: Transaction): void {
    const oldIPs = old ? allocatedClusterIPs(old) : [];
    const wanted = needsClusterIP(svc) && !isHeadless(svc);
    if (!wanted) {
      for (const ip of oldIPs) txn.releaseOnCommit(() => this.ipAllocator.release(ip));
      return;
    }
    const spec = svc.spec;
    const requested: string | undefined = spec.clusterIPs?.[0] ?? spec.clusterIP;
    if (requested && oldIPs.includes(requested)) return; // already ours
    const ips = this.ipAllocator;
    if (requested) {
      try {
        ips.allocate(requested);
      } catch (error) {
        const reason = error instanceof AllocationError ? error.message : String(error);
        const field = invalid(
          path('spec', 'clusterIPs'),
          goStringSlice(spec.clusterIPs ?? [requested]),
          `failed to allocate IP ${requested}: ${reason}`,
        );
        throw invalidError('Service', '', svc.metadata?.name ?? '', [field]);
      }
      txn.took(() => ips.release(requested));
      spec.clusterIP = requested;
      spec.clusterIPs = [requested];
    } else {
      let ip: string;
      try {
        ip = ips.allocateNext();
      } catch (error) {
        throw internalError(`failed to allocate a serviceIP: ${(error as Error).message}`);
      }
      txn.took(() => ips.release(ip));
      spec.clusterIP = ip;
      spec.clusterIPs = [ip];
    }
    for (const ip of oldIPs) if (ip !== spec.clusterIP) txn.releaseOnCommit(() => ips.release(ip));
  }

  private allocateNodePorts(svc: KubeObject, old: KubeObject | undefined, txn: Transaction): void {
    const ports = this.portAllocator;
    const name = svc.metadata?.name ?? '';
    const owned = new Set(old && needsNodePort(old) ? heldNodePorts(old) : []);
    const byServicePort = new Map<number, number>();
    const take = (port: number, index: number): void => {
      if (owned.has(port)) return;
      try {
        ports.allocate(port);
      } catch (error) {
        const field = invalid(
          path('spec', 'ports').index(index).child('nodePort'),
          port,
          (error as Error).message,
        );
        throw invalidError('Service', '', name, [field]);
      }
      owned.add(port); // a second request in this write for the same port is "already allocated" only once taken
      txn.took(() => ports.release(port));
    };
    const list = portsOf(svc);
    list.forEach((sp, i) => {
      if (!sp.nodePort && !shouldAllocateNodePorts(svc)) return; // explicit requests are still honoured
      const servicePort = sp.port ?? 0;
      const shared = byServicePort.get(servicePort);
      if (shared === undefined) {
        // Ports with the same number (53/TCP, 53/UDP) share one nodePort; a later entry may name it.
        const requested =
          sp.nodePort || list.find((p) => p.port === servicePort && p.nodePort)?.nodePort || 0;
        if (requested) {
          if (!old) this.takeFresh(ports, requested, i, name, txn);
          else take(requested, i);
          sp.nodePort = requested;
        } else {
          sp.nodePort = this.nextPort(ports, txn);
        }
        byServicePort.set(servicePort, sp.nodePort);
      } else if (sp.nodePort !== shared) {
        if (!sp.nodePort) sp.nodePort = shared;
        else if (!old) this.takeFresh(ports, sp.nodePort, i, name, txn);
        else take(sp.nodePort, i);
      }
    });
  }

  /** On create every requested port must be free, even one requested twice by this Service. */
  private takeFresh(ports: PortAllocator, port: number, index: number, name: string, txn: Transaction): void {
    try {
      ports.allocate(port);
    } catch (error) {
      const field = invalid(
        path('spec', 'ports').index(index).child('nodePort'),
        port,
        (error as Error).message,
      );
      throw invalidError('Service', '', name, [field]);
    }
    txn.took(() => ports.release(port));
  }

  private nextPort(ports: PortAllocator, txn: Transaction): number {
    let port: number;
    try {
      port = ports.allocateNext();
    } catch (error) {
      throw internalError(`failed to allocate a nodePort: ${(error as Error).message}`);
    }
    txn.took(() => ports.release(port));
    return port;
  }

  private allocateHealthCheckPort(svc: KubeObject, old: KubeObject | undefined, txn: Transaction): void {
    const ports = this.portAllocator;
    const oldPort: number | undefined =
      old && needsHealthCheck(old) ? old.spec?.healthCheckNodePort : undefined;
    if (!needsHealthCheck(svc)) {
      if (oldPort) txn.releaseOnCommit(() => ports.release(oldPort));
      return;
    }
    const requested: number | undefined = svc.spec.healthCheckNodePort;
    if (requested && requested === oldPort) return;
    if (requested) {
      try {
        ports.allocate(requested);
      } catch (error) {
        throw internalError(
          `failed to allocate requested HealthCheck NodePort ${requested}: ${(error as Error).message}`,
        );
      }
      txn.took(() => ports.release(requested));
    } else {
      try {
        svc.spec.healthCheckNodePort = ports.allocateNext();
      } catch (error) {
        throw internalError(`failed to allocate a HealthCheck NodePort 0: ${(error as Error).message}`);
      }
      const taken = svc.spec.healthCheckNodePort;
      txn.took(() => ports.release(taken));
    }
    if (oldPort && oldPort !== svc.spec.healthCheckNodePort)
      txn.releaseOnCommit(() => ports.release(oldPort));
  }
}
