import { describe, expect, it } from 'vitest';
import { parseLine, withStatus } from './words.ts';

describe('the toolbox sh line parser', () => {
  it('keeps quoted words whole and expands variables outside single quotes', () => {
    expect(parseLine(`echo 'a b' "c $HOME" \\$x $NOPE.`, { HOME: '/root' })).toEqual([
      { join: ';', argv: ['echo', 'a b', 'c /root', '$x', '.'] },
    ]);
  });

  it('splits a line at ; && || and remembers how each step joins the previous one', () => {
    const steps = parseLine('true && echo $? || echo no; hostname # comment', {});
    expect(steps).toEqual([
      { join: ';', argv: ['true'] },
      { join: '&&', argv: ['echo', expect.any(String)] },
      { join: '||', argv: ['echo', 'no'] },
      { join: ';', argv: ['hostname'] },
    ]);
    // $? is the status of the step before, filled in when that step has run.
    expect(withStatus((steps as Array<{ argv: string[] }>)[1]?.argv ?? [], 4)).toEqual(['echo', '4']);
  });

  it('refuses pipes and redirections with a message instead of running half a line', () => {
    expect(parseLine('env | grep KUBERNETES', {})).toBe(
      `pipes ("|") are not available in this Pod's sh; run one command at a time`,
    );
    expect(parseLine('echo x > /tmp/f', {})).toMatch(/^redirections \(">"\) are not available/);
  });

  it('reports unterminated quotes and dangling operators as syntax errors', () => {
    expect(parseLine(`echo 'oops`, {})).toBe('syntax error: unterminated quoted string');
    expect(parseLine('echo a &&', {})).toBe('syntax error: unexpected end of file');
    expect(parseLine('&& echo a', {})).toBe('syntax error: unexpected "&&"');
  });
});
