// Traefik's regex middlewares take Go regular expressions and Go's Regexp.Expand templates.
// This translates the common RE2 subset to JavaScript and implements Expand's `$1`/`${1}`/`${name}` rules.

/** Compiles an RE2 pattern; `(?P<name>…)` becomes `(?<name>…)`, inline `(?i)` becomes a flag. */
export function compileGoRegexp(pattern: string): RegExp {
  let source = pattern.replace(/\(\?P</g, '(?<');
  let flags = '';
  const inline = /^\(\?([imsU]+)\)/.exec(source);
  if (inline?.[1]) {
    for (const f of inline[1]) if (f === 'i' || f === 'm' || f === 's') flags += f;
    source = source.slice(inline[0].length);
  }
  return new RegExp(source, flags);
}

/**
 * Go's Regexp.Expand: `$$` is a dollar, `$name`/`${name}` a group by number or name; in `$name` the
 * name is the longest run of letters, digits and `_` (so `$1x` means group "1x", which is empty).
 */
export function expandTemplate(template: string, match: RegExpExecArray): string {
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const ch = template[i];
    if (ch !== '$') {
      out += ch;
      continue;
    }
    const rest = template.slice(i + 1);
    if (rest.startsWith('$')) {
      out += '$';
      i += 1;
      continue;
    }
    let name: string | undefined;
    let consumed = 0;
    const braced = /^\{([A-Za-z0-9_]+)\}/.exec(rest);
    const bare = /^[A-Za-z0-9_]+/.exec(rest);
    if (braced?.[1]) {
      name = braced[1];
      consumed = braced[0].length;
    } else if (bare) {
      name = bare[0];
      consumed = bare[0].length;
    }
    if (name === undefined) {
      // A lone `$` that starts no valid reference is copied as is (Go does the same).
      out += '$';
      continue;
    }
    i += consumed;
    if (/^\d+$/.test(name)) out += match[Number(name)] ?? '';
    else out += match.groups?.[name] ?? '';
  }
  return out;
}

/** Go's Regexp.ReplaceAllString: every non-overlapping match replaced by the expanded template. */
export function replaceAllGo(input: string, regex: RegExp, template: string): string {
  const global = new RegExp(regex.source, regex.flags.includes('g') ? regex.flags : `${regex.flags}g`);
  let out = '';
  let last = 0;
  for (let m = global.exec(input); m !== null; m = global.exec(input)) {
    out += input.slice(last, m.index) + expandTemplate(template, m);
    last = m.index + m[0].length;
    if (m[0].length === 0) global.lastIndex += 1;
  }
  return out + input.slice(last);
}
