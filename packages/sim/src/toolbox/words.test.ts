import { describe, expect, it } from 'vitest';
import { parseLine } from './words.ts';

describe('the toolbox sh line parser', () => {
  it('keeps quoted words whole and expands variables outside single quotes', () => {
    expect(parseLine(`echo 'a b' "c $HOME" \\$x $NOPE.`, { HOME: '/root' }, 0)).toEqual([
      { join: ';', argv: ['echo', 'a b', 'c /root', '$x', '.'] },
    ]);
  });

  it('splits a line at ; && || and remembers how each step joins the previous one', () => {
    expect(parseLine('true && echo $? || echo no; hostname # comment', {}, 4)).toEqual([
      { join: ';', argv: ['true'] },
      { join: '&&', argv: ['echo', '4'] },
      { join: '||', argv: ['echo', 'no'] },
      { join: ';', argv: ['hostname'] },
    ]);
  });

  it('refuses pipes and redirections with a message instead of running half a line', () => {
    expect(parseLine('env | grep KUBERNETES', {}, 0)).toBe(
      `pipes ("|") are not available in this Pod's sh; run one command at a time`,
    );
    expect(parseLine('echo x > /tmp/f', {}, 0)).toMatch(/^redirections \(">"\) are not available/);
  });

  it('reports unterminated quotes and dangling operators as syntax errors', () => {
    expect(parseLine(`echo 'oops`, {}, 0)).toBe('syntax error: unterminated quoted string');
    expect(parseLine('echo a &&', {}, 0)).toBe('syntax error: unexpected end of file');
    expect(parseLine('&& echo a', {}, 0)).toBe('syntax error: unexpected "&&"');
  });
});
