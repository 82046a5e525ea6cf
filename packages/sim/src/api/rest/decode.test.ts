import { describe, expect, it } from 'vitest';
import { StatusError } from '../../core/types.ts';
import { findByPlural } from '../../resources.ts';
import { decodeBody } from './decode.ts';

function decodeError(group: string, version: string, plural: string, body: unknown): StatusError {
  const type = findByPlural(group, version, plural);
  if (!type) throw new Error(`no resource ${plural} in ${group}/${version}`);
  try {
    decodeBody(type, body, 'Strict', {}, []);
  } catch (error) {
    if (error instanceof StatusError) return error;
    throw error;
  }
  throw new Error('expected the body to be refused, but it decoded');
}

describe('decoding a write body', () => {
  it('refuses a kind written in lowercase with 400 and the scheme it is missing from', () => {
    const error = decodeError('', 'v1', 'services', { apiVersion: 'v1', kind: 'service', metadata: {} });
    expect(error.code).toBe(400);
    expect(error.reason).toBe('BadRequest');
    expect(error.message).toBe(
      'service in version "v1" cannot be handled as a Service: no kind "service" is registered for version "v1" in scheme "pkg/api/legacyscheme/scheme.go:30"',
    );
  });

  it('names the group-version of a grouped kind written in lowercase', () => {
    const error = decodeError('apps', 'v1', 'deployments', {
      apiVersion: 'apps/v1',
      kind: 'deployment',
      metadata: {},
    });
    expect(error.message).toBe(
      'deployment in version "v1" cannot be handled as a Deployment: no kind "deployment" is registered for version "apps/v1" in scheme "pkg/api/legacyscheme/scheme.go:30"',
    );
  });
});
