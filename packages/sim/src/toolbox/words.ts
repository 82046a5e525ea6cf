// Splits a shell line into commands the way sh reads it, for the subset the toolbox runs: words with
// '…', "…" and \ quoting, $VAR/${VAR}/$? expansion, # comments, and the separators ; && ||. Pipes
// and redirections are refused with a message, never half-run.

export interface Step {
  /** How this step joins the previous one. */
  join: ';' | '&&' | '||';
  argv: string[];
}

/**
 * `$?` must be the status of the step before it, which is only known while the line runs: it is
 * left as this marker and filled in by withStatus() right before each step.
 */
const STATUS_MARK = '\u0000?\u0000';

export function withStatus(argv: string[], status: number): string[] {
  return argv.map((word) => word.replaceAll(STATUS_MARK, String(status)));
}

export function parseLine(line: string, env: NodeJS.ProcessEnv): Step[] | string {
  const steps: Step[] = [];
  let argv: string[] = [];
  let word = '';
  let inWord = false;
  let join: Step['join'] = ';';
  const expand = (at: number): { value: string; next: number } => {
    if (line[at + 1] === '?') return { value: STATUS_MARK, next: at + 2 };
    if (line[at + 1] === '{') {
      const close = line.indexOf('}', at);
      const name = line.slice(at + 2, close < 0 ? line.length : close);
      return { value: env[name] ?? '', next: close < 0 ? line.length : close + 1 };
    }
    const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(line.slice(at + 1));
    if (!match) return { value: '$', next: at + 1 };
    return { value: env[match[0]] ?? '', next: at + 1 + match[0].length };
  };
  const endWord = () => {
    if (inWord) argv.push(word);
    word = '';
    inWord = false;
  };
  const endStep = (next: Step['join']) => {
    endWord();
    if (argv.length === 0) {
      if (next !== ';' || join !== ';') return `syntax error: unexpected "${next}"`;
    } else steps.push({ join, argv });
    argv = [];
    join = next;
    return undefined;
  };
  let i = 0;
  while (i < line.length) {
    const c = line[i] as string;
    if (c === "'") {
      const close = line.indexOf("'", i + 1);
      if (close < 0) return 'syntax error: unterminated quoted string';
      word += line.slice(i + 1, close);
      inWord = true;
      i = close + 1;
    } else if (c === '"') {
      inWord = true;
      i++;
      while (i < line.length && line[i] !== '"') {
        if (line[i] === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1] as string)) {
          word += line[i + 1];
          i += 2;
        } else if (line[i] === '$') {
          const { value, next } = expand(i);
          word += value;
          i = next;
        } else word += line[i++];
      }
      if (i >= line.length) return 'syntax error: unterminated quoted string';
      i++;
    } else if (c === '\\') {
      word += line[i + 1] ?? '';
      inWord = true;
      i += 2;
    } else if (c === '$') {
      const { value, next } = expand(i);
      word += value;
      inWord = true;
      i = next;
    } else if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      endWord();
      i++;
    } else if (c === '#' && !inWord) break;
    else if (line.startsWith('&&', i) || line.startsWith('||', i)) {
      const error = endStep(line.slice(i, i + 2) as Step['join']);
      if (error) return error;
      i += 2;
    } else if (c === ';') {
      const error = endStep(';');
      if (error) return error;
      i++;
    } else if (c === '|' || c === '>' || c === '<' || c === '&' || c === '`' || c === '(' || c === ')') {
      const what =
        c === '|'
          ? 'pipes'
          : c === '&'
            ? 'background jobs'
            : c === '`' || c === '(' || c === ')'
              ? 'subshells'
              : 'redirections';
      return `${what} ("${c}") are not available in this Pod's sh; run one command at a time`;
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  endWord();
  if (argv.length > 0) steps.push({ join, argv });
  else if (join !== ';') return 'syntax error: unexpected end of file';
  return steps;
}
