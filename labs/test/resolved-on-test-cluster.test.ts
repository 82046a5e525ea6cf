import { describe, expect, it } from 'vitest';
import { resolvedOnTestCluster } from './resolved-on-test-cluster.ts';

const LESSON =
  "curl -kv --resolve myapp.example.com:443:127.0.0.1 https://myapp.example.com/api/v1/hello 2>&1 | grep 'subject:'";

describe('resolvedOnTestCluster', () => {
  it("pins the lesson's name to the test cluster's HTTPS address and port, and puts the port in its URLs", () => {
    expect(resolvedOnTestCluster(LESSON, 'https://127.41.7.1:41234')).toBe(
      "curl -kv --resolve myapp.example.com:41234:127.41.7.1 https://myapp.example.com:41234/api/v1/hello 2>&1 | grep 'subject:'",
    );
  });

  it("moves the sim's unprivileged 8443 too, and a URL that already names the port", () => {
    expect(
      resolvedOnTestCluster(
        'curl -k --resolve=myapp.example.com:8443:localhost https://myapp.example.com:8443/',
        'https://127.0.0.1:40001',
      ),
    ).toBe('curl -k --resolve=myapp.example.com:40001:127.0.0.1 https://myapp.example.com:40001/');
  });

  it('leaves names that are not pinned, and commands without --resolve, as they are', () => {
    const other = 'curl -k --resolve a.example.com:443:127.0.0.1 https://b.example.com/';
    expect(resolvedOnTestCluster(other, 'https://127.9.9.1:4443')).toBe(
      'curl -k --resolve a.example.com:4443:127.9.9.1 https://b.example.com/',
    );
    expect(resolvedOnTestCluster('curl -s localhost/', 'https://127.9.9.1:4443')).toBe('curl -s localhost/');
  });

  it('keeps 443 when the test cluster listens there', () => {
    expect(resolvedOnTestCluster(LESSON, 'https://127.0.0.1')).toContain(
      '--resolve myapp.example.com:443:127.0.0.1 https://myapp.example.com:443/api',
    );
  });
});
