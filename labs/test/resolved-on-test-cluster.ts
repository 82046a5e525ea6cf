// A lesson's `curl --resolve` pin, moved to the self-tests' HTTPS entry point (see onTestCluster).

/**
 * `curl --resolve myapp.example.com:443:127.0.0.1 https://myapp.example.com/…` (443, or the sim's
 * 8443 without root) pins a name to the learner's HTTPS entry point; on the test cluster the name is
 * pinned to its HTTPS address and port instead, and the name's URLs carry that port.
 */
export function resolvedOnTestCluster(command: string, https: string): string {
  const entry = new URL(https);
  const port = entry.port || '443';
  // An address, so that the lesson's later localhost rewrites leave the pin alone.
  const address = entry.hostname === 'localhost' ? '127.0.0.1' : entry.hostname;
  const names = new Set<string>();
  const pinned = command.replace(
    /--resolve([\s=]+)([A-Za-z0-9.*-]+):(?:443|8443):(?:127\.0\.0\.1|localhost)(?=[\s'"]|$)/g,
    (_, gap: string, name: string) => {
      names.add(name);
      return `--resolve${gap}${name}:${port}:${address}`;
    },
  );
  let result = pinned;
  for (const name of names) {
    const escaped = name.replace(/[.*]/g, (c) => `\\${c}`);
    result = result.replace(
      new RegExp(`\\bhttps://${escaped}(?::(?:443|8443))?(?=[/\\s'"]|$)`, 'g'),
      `https://${name}:${port}`,
    );
  }
  return result;
}
