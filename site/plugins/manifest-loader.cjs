// webpack loader: a YAML file → { path, text, ranges } where ranges maps a dotted YAML path
// (spec.ports[0].targetPort) to the 1-based [first, last] lines it spans, for highlighting.
const path = require('node:path');
const { LineCounter, parseDocument, isMap, isSeq, isScalar } = require('yaml');

function walk(node, prefix, lines, ranges, keyStart) {
  if (!node?.range) return;
  const start = lines.linePos(keyStart ?? node.range[0]).line;
  // range[1] is the end of the value; step back over the trailing newline.
  const end = lines.linePos(Math.max(node.range[0], node.range[1] - 1)).line;
  if (prefix) ranges[prefix] = [start, end];
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const child = prefix ? `${prefix}.${key}` : key;
      if (pair.value) walk(pair.value, child, lines, ranges, pair.key?.range?.[0]);
      else if (pair.key?.range)
        ranges[child] = [lines.linePos(pair.key.range[0]).line, lines.linePos(pair.key.range[0]).line];
    }
  } else if (isSeq(node)) {
    for (const [index, item] of node.items.entries()) walk(item, `${prefix}[${index}]`, lines, ranges);
  }
}

module.exports = function manifestLoader(source) {
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { lineCounter });
  if (document.errors.length > 0) {
    throw new Error(`${this.resourcePath}: ${document.errors[0].message}`);
  }
  const ranges = {};
  walk(document.contents, '', lineCounter, ranges);
  const repoRoot = path.resolve(__dirname, '..', '..');
  const relative = path.relative(repoRoot, this.resourcePath).split(path.sep).join('/');
  return `export default ${JSON.stringify({ path: relative, text: source, ranges })};`;
};
