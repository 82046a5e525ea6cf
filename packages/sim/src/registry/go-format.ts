// Renders values the way Go's fmt does in API server messages: `%q` for strings and `%#v` for
// slices, maps and structs (e.g. `[]string{"1.1.1.1"}`, `map[string]string{"app":"x"}`).

/** A value already rendered in Go `%#v` syntax; field errors print it verbatim. */
export class GoRepr {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '"': '\\"',
  '\\': '\\\\',
};

/** Go's strconv.Quote: printable characters stay, control characters become escapes. */
export function goQuote(value: string): string {
  let out = '"';
  for (const ch of value) {
    const simple = SIMPLE_ESCAPES[ch];
    if (simple) {
      out += simple;
      continue;
    }
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** `[]string{"a", "b"}`, or `[]string(nil)` for a missing list (as Go prints a nil slice). */
export function goStringSlice(values: readonly string[] | undefined | null): GoRepr {
  if (values == null) return new GoRepr('[]string(nil)');
  return new GoRepr(`[]string{${values.map(goQuote).join(', ')}}`);
}

/** `map[string]string{"a":"b"}` with keys sorted (fmt sorts map keys), or `map[string]string(nil)`. */
export function goStringMap(map: Record<string, string> | undefined | null): GoRepr {
  if (map == null) return new GoRepr('map[string]string(nil)');
  const keys = Object.keys(map).sort();
  return new GoRepr(
    `map[string]string{${keys.map((k) => `${goQuote(k)}:${goQuote(String(map[k]))}`).join(', ')}}`,
  );
}

/** A metav1.LabelSelector as `%#v` prints it (used by `field is immutable` on Deployments). */
export function goLabelSelector(
  selector: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] } | undefined,
): GoRepr {
  if (selector == null) return new GoRepr('(*v1.LabelSelector)(nil)');
  const labels =
    selector.matchLabels == null ? 'map[string]string(nil)' : goStringMap(selector.matchLabels).text;
  const expressions = selector.matchExpressions;
  let exprText = '[]v1.LabelSelectorRequirement(nil)';
  if (expressions != null) {
    const items = expressions.map((raw) => {
      const e = (raw ?? {}) as { key?: string; operator?: string; values?: string[] };
      return `v1.LabelSelectorRequirement{Key:${goQuote(e.key ?? '')}, Operator:${goQuote(e.operator ?? '')}, Values:${goStringSlice(e.values).text}}`;
    });
    exprText = `[]v1.LabelSelectorRequirement{${items.join(', ')}}`;
  }
  return new GoRepr(`v1.LabelSelector{MatchLabels:${labels}, MatchExpressions:${exprText}}`);
}

/** intstr.IntOrString printed with `%#v` (Type 0 = Int, 1 = String). */
export function goIntOrString(value: number | string | undefined): GoRepr {
  if (typeof value === 'string')
    return new GoRepr(`intstr.IntOrString{Type:1, IntVal:0, StrVal:${goQuote(value)}}`);
  return new GoRepr(`intstr.IntOrString{Type:0, IntVal:${value ?? 0}, StrVal:""}`);
}
