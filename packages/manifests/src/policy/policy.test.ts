import { describe, expect, it } from 'vitest';
import { imageAllowed } from './policy.ts';

describe('imageAllowed', () => {
  it('matches a tag wildcard but not another repository or registry', () => {
    expect(imageAllowed('workshop/backend:1.2.3', ['workshop/backend:*'])).toBe(true);
    expect(imageAllowed('workshop/backend-evil:1', ['workshop/backend:*'])).toBe(false);
    expect(imageAllowed('evil.io/workshop/backend:1', ['workshop/backend:*'])).toBe(false);
    expect(imageAllowed('workshop/backend', ['workshop/backend:*'])).toBe(false);
  });

  it('treats regex characters in patterns literally', () => {
    expect(imageAllowed('traefikXv3', ['traefik.v3'])).toBe(false);
    expect(imageAllowed('traefik.v3', ['traefik.v3'])).toBe(true);
  });
});
