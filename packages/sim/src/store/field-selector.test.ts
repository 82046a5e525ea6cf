import { describe, expect, it } from 'vitest';
import { matchesFields, parseFieldSelector } from './field-selector.ts';

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'd' },
  spec: {},
  status: { phase: 'Running' },
};

describe('field selectors', () => {
  it('matches metadata.name and the fields kubectl asks about', () => {
    expect(matchesFields(parseFieldSelector('metadata.name=p,status.phase=Running', 'Pod'), pod)).toBe(true);
    expect(matchesFields(parseFieldSelector('status.phase!=Running', 'Pod'), pod)).toBe(false);
  });

  it('compares a missing field as the empty string, as the scheduler relies on (spec.nodeName=)', () => {
    expect(matchesFields(parseFieldSelector('spec.nodeName=', 'Pod'), pod)).toBe(true);
  });

  it('selects events by involvedObject fields', () => {
    const event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'e' },
      involvedObject: { kind: 'Service', name: 'web' },
    };
    expect(
      matchesFields(
        parseFieldSelector('involvedObject.kind=Service,involvedObject.name=web', 'Event'),
        event,
      ),
    ).toBe(true);
  });

  it('refuses fields the kind does not index, like the API server', () => {
    expect(() => parseFieldSelector('spec.replicas=3', 'Deployment')).toThrow(
      'field label not supported: spec.replicas',
    );
  });
});
