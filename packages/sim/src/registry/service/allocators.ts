// The two finite pools behind Services: ClusterIPs from the service CIDR and NodePorts from
// 30000-32767. Both reserve a lower band for requested values and hand out random free values from
// the upper band (kube's calculateRangeOffset + randomScanStrategyWithOffset), falling back to the
// lower band only when the upper one is full.
import { NODE_PORT_RANGE } from '../../core/network.ts';
import { parseIPv4 } from '../names.ts';

export class AllocationError extends Error {
  constructor(
    readonly kind: 'not-in-range' | 'allocated' | 'full',
    message: string,
  ) {
    super(message);
    this.name = 'AllocationError';
  }
}

/** A bitmap-like pool of `size` values, with an offset below which only explicit requests land. */
class Pool {
  private readonly used = new Set<number>();
  constructor(
    readonly size: number,
    readonly offset: number,
  ) {}

  has(index: number): boolean {
    return this.used.has(index);
  }
  take(index: number): boolean {
    if (this.used.has(index)) return false;
    this.used.add(index);
    return true;
  }
  release(index: number): void {
    this.used.delete(index);
  }
  /** A random free index from the upper band, else from the lower band; undefined when full. */
  next(random: () => number): number | undefined {
    return this.scan(this.offset, this.size, random) ?? this.scan(0, this.offset, random);
  }
  private scan(from: number, to: number, random: () => number): number | undefined {
    const span = to - from;
    if (span <= 0) return undefined;
    const start = Math.floor(random() * span);
    for (let i = 0; i < span; i++) {
      const index = from + ((start + i) % span);
      if (!this.used.has(index)) {
        this.used.add(index);
        return index;
      }
    }
    return undefined;
  }
  get count(): number {
    return this.used.size;
  }
}

export class PortAllocator {
  readonly base: number;
  readonly size: number;
  private readonly pool: Pool;
  constructor(
    range: { base: number; size: number } = NODE_PORT_RANGE,
    private readonly random: () => number = Math.random,
  ) {
    this.base = range.base;
    this.size = range.size;
    // KEP-3668: min(max(16, size/32), 128) ports at the bottom are kept for static requests.
    this.pool = new Pool(range.size, Math.min(Math.max(16, Math.floor(range.size / 32)), 128));
  }
  /** `30000-32767`, as the API server prints the range. */
  get rangeText(): string {
    return `${this.base}-${this.base + this.size - 1}`;
  }
  /** First port of the dynamic band (30086 with the default range). */
  get dynamicBase(): number {
    return this.base + this.pool.offset;
  }
  contains(port: number): boolean {
    return Number.isInteger(port) && port >= this.base && port < this.base + this.size;
  }
  isAllocated(port: number): boolean {
    return this.contains(port) && this.pool.has(port - this.base);
  }
  allocate(port: number): void {
    if (!this.contains(port)) {
      throw new AllocationError(
        'not-in-range',
        `provided port is not in the valid range. The range of valid ports is ${this.rangeText}`,
      );
    }
    if (!this.pool.take(port - this.base))
      throw new AllocationError('allocated', 'provided port is already allocated');
  }
  allocateNext(): number {
    const index = this.pool.next(this.random);
    if (index === undefined) throw new AllocationError('full', 'range is full');
    return this.base + index;
  }
  release(port: number): void {
    if (this.contains(port)) this.pool.release(port - this.base);
  }
  get used(): number {
    return this.pool.count;
  }
}

function formatIPv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

export class IPAllocator {
  readonly cidr: string;
  private readonly first: number; // the first allocatable address (network address + 1)
  private readonly pool: Pool;
  constructor(
    cidr: string,
    private readonly random: () => number = Math.random,
  ) {
    const [address, bits] = cidr.split('/');
    const base = parseIPv4(address ?? '');
    const prefix = Number(bits);
    if (base === undefined || !Number.isInteger(prefix) || prefix < 1 || prefix > 30) {
      throw new Error(
        `Expected an IPv4 service CIDR with a prefix of /1 to /30, found "${cidr}"; fix the network plan's serviceCIDR`,
      );
    }
    const total = 2 ** (32 - prefix);
    this.cidr = cidr;
    this.first = ((base & ~(total - 1)) >>> 0) + 1;
    // The network and broadcast addresses are never handed out.
    const offset = total < 16 ? 0 : Math.min(Math.max(16, Math.floor(total / 16)), 256);
    this.pool = new Pool(total - 2, offset);
  }
  private indexOf(ip: string): number | undefined {
    const value = parseIPv4(ip);
    if (value === undefined) return undefined;
    const index = value - this.first;
    return index >= 0 && index < this.pool.size ? index : undefined;
  }
  contains(ip: string): boolean {
    return this.indexOf(ip) !== undefined;
  }
  isAllocated(ip: string): boolean {
    const index = this.indexOf(ip);
    return index !== undefined && this.pool.has(index);
  }
  allocate(ip: string): void {
    const index = this.indexOf(ip);
    if (index === undefined) {
      throw new AllocationError(
        'not-in-range',
        `the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${this.cidr}`,
      );
    }
    if (!this.pool.take(index)) throw new AllocationError('allocated', 'provided IP is already allocated');
  }
  allocateNext(): string {
    const index = this.pool.next(this.random);
    if (index === undefined) throw new AllocationError('full', 'range is full');
    return formatIPv4(this.first + index);
  }
  release(ip: string): void {
    const index = this.indexOf(ip);
    if (index !== undefined) this.pool.release(index);
  }
  /** The first address of the dynamic band. */
  get dynamicBase(): string {
    return formatIPv4(this.first + this.pool.offset);
  }
  get used(): number {
    return this.pool.count;
  }
}
