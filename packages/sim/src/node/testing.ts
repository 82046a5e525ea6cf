// Helpers for tests of the node agent: an image catalog with a tiny test program next to the real
// images, and polling with a deadline.
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import {
  backendImage,
  createImageCatalog,
  type ImageCatalog,
  imageNameMatcher,
  traefikImage,
} from './image-catalog.ts';

const TEST_APP = fileURLToPath(new URL('./testdata/test-app.mjs', import.meta.url));

/** The default catalog plus `sim-test/app:*`, a small HTTP server whose behaviour env vars control. */
export function testImageCatalog(): ImageCatalog {
  return createImageCatalog([
    backendImage(),
    traefikImage(),
    {
      pattern: 'sim-test/app:*',
      matches: imageNameMatcher('sim-test/app'),
      plan: (container) => ({
        nodeArgs: [],
        entry: TEST_APP,
        args: container.args ?? [],
        cwd: process.cwd(),
      }),
    },
  ]);
}

export async function eventually<T>(
  what: string,
  check: () => T | undefined | null | false,
  timeoutMs = 30_000, // generous: the whole monorepo's tests share 2 cores under `npm test`
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}`,
        last ? { cause: last } : undefined,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * A GET as the node makes it (from the node IP): a Pod turns the host's connections away, so tests
 * that talk to Pod IPs directly call from where the kubelet and kube-proxy call.
 */
export function fetchFromNode(
  url: string,
  nodeIP: string,
): Promise<{ status: number; text(): Promise<string>; json(): Promise<unknown> }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false, localAddress: nodeIP }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            text: async () => body,
            json: async () => JSON.parse(body),
          }),
        );
        res.on('error', reject);
      })
      .on('error', reject);
  });
}
