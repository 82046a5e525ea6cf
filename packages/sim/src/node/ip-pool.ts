// Pod IPs from the plan's podCIDR, handed out in order and wrapping around like the host-local
// IPAM plugin does, so a new Pod does not get the address a Pod that just went away had.
import { nthAddress } from '../core/network.ts';

export class IpPool {
  readonly #cidr: string;
  readonly #size: number;
  readonly #used = new Set<string>();
  #next = 2; // .1 is the bridge gateway on a real node; kind's first Pod gets .2 too

  constructor(cidr: string) {
    this.#cidr = cidr;
    this.#size = 2 ** (32 - Number(cidr.split('/')[1] ?? 32));
  }

  allocate(): string {
    for (let tries = 0; tries < this.#size; tries++) {
      if (this.#next >= this.#size - 1) this.#next = 2;
      const ip = nthAddress(this.#cidr, this.#next++);
      if (!this.#used.has(ip)) {
        this.#used.add(ip);
        return ip;
      }
    }
    throw new Error(`no free Pod IP left in ${this.#cidr}; delete some Pods or use a larger podCIDR`);
  }

  reserve(ip: string): void {
    this.#used.add(ip);
  }

  release(ip: string): void {
    this.#used.delete(ip);
  }
}
