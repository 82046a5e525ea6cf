import { describe, expect, it } from 'vitest';
import { matchesLabels, matchesSelectorObject, parseLabelSelector } from './label-selector.ts';

const match = (selector: string, labels: Record<string, string>) =>
  matchesLabels(parseLabelSelector(selector), labels);

describe('label selectors', () => {
  it('matches equality with =, == and !=', () => {
    expect(match('app=web', { app: 'web' })).toBe(true);
    expect(match('app==web', { app: 'web' })).toBe(true);
    expect(match('app=web', { app: 'api' })).toBe(false);
    expect(match('app!=web', { app: 'api' })).toBe(true);
    expect(match('app!=web', {})).toBe(true);
  });

  it('matches set membership with in and notin, commas inside parentheses included', () => {
    expect(match('tier in (front, back),app=web', { tier: 'back', app: 'web' })).toBe(true);
    expect(match('tier in (front,back)', { tier: 'db' })).toBe(false);
    expect(match('tier notin (front,back)', { tier: 'db' })).toBe(true);
    expect(match('tier notin (front)', {})).toBe(true);
  });

  it('matches existence with key and !key', () => {
    expect(match('legacy', { legacy: '' })).toBe(true);
    expect(match('!legacy', { legacy: '' })).toBe(false);
    expect(match('!legacy', { app: 'x' })).toBe(true);
  });

  it('treats an empty selector as matching everything', () => {
    expect(match('', {})).toBe(true);
  });

  it('rejects a malformed selector with a 400', () => {
    expect(() => parseLabelSelector('app in ()')).toThrow(/unable to parse requirement/);
    expect(() => parseLabelSelector('a b c')).toThrow(/unable to parse requirement/);
  });

  it('matches metav1.LabelSelector objects with matchLabels and matchExpressions', () => {
    const selector = {
      matchLabels: { app: 'web' },
      matchExpressions: [{ key: 'tier', operator: 'In', values: ['a'] }],
    };
    expect(matchesSelectorObject(selector, { app: 'web', tier: 'a' })).toBe(true);
    expect(matchesSelectorObject(selector, { app: 'web', tier: 'b' })).toBe(false);
  });
});
