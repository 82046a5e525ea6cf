// kind and the sim map node ports 30000–30009 of their node to this machine; a lab that pins a
// nodePort outside them would pass on the sim's node IP and fail a learner's `curl localhost:<port>`
// on kind. Every nodePort in a lab's base/ and solution/ must be one of the mapped ports.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadManifests } from '@workshop/kube';
import { labFolders } from '@workshop/lab';
import { LAB_NODE_PORTS } from '@workshop/runtime';
import { describe, expect, it } from 'vitest';
import { LABS_DIR } from './paths.ts';

type Ports = Array<{ nodePort?: number }>;

describe("the labs' node ports", () => {
  it('are all among the ports kind and the sim map to the host (30000–30009)', () => {
    const outside: string[] = [];
    let pinned = 0;
    for (const folder of labFolders(LABS_DIR)) {
      for (const part of ['base', 'solution']) {
        const dir = join(LABS_DIR, folder, part);
        if (!existsSync(dir)) continue;
        for (const { object } of loadManifests([dir])) {
          if (object.kind !== 'Service') continue;
          for (const port of (object.spec as { ports?: Ports } | undefined)?.ports ?? []) {
            if (port.nodePort === undefined) continue;
            pinned++;
            if (!LAB_NODE_PORTS.includes(port.nodePort))
              outside.push(`${folder}/${part} Service ${object.metadata.name}: nodePort ${port.nodePort}`);
          }
        }
      }
    }
    expect(pinned).toBeGreaterThan(0);
    expect(outside).toEqual([]);
  });
});
