// webpack loader: labs/<id>/lab.yaml → { lab, checks } where checks are read from the lab's
// grade.test.ts (every `check('title', { points, hint, section }, fn)` call), so a lesson lists
// what the grader proves without anyone retyping it.
const fs = require('node:fs');
const path = require('node:path');
const { parse } = require('yaml');
const ts = require('typescript');

function literal(node) {
  if (!node) return undefined;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isNumericLiteral(node)) return Number(node.text);
  return undefined;
}

function extractChecks(file, source) {
  const checks = [];
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const visit = (node) => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'check') {
      const [titleNode, optionsNode] = node.arguments;
      const title = literal(titleNode);
      if (typeof title === 'string' && optionsNode && ts.isObjectLiteralExpression(optionsNode)) {
        const entry = { title };
        for (const property of optionsNode.properties) {
          if (ts.isPropertyAssignment(property) && ts.isIdentifier(property.name)) {
            const value = literal(property.initializer);
            if (value !== undefined) entry[property.name.text] = value;
          }
        }
        checks.push(entry);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return checks;
}

module.exports = function labLoader(source) {
  const lab = parse(source);
  const gradeFile = path.join(path.dirname(this.resourcePath), 'grade.test.ts');
  let checks = [];
  if (fs.existsSync(gradeFile)) {
    this.addDependency(gradeFile);
    checks = extractChecks(gradeFile, fs.readFileSync(gradeFile, 'utf8'));
  } else {
    this.addMissingDependency(gradeFile);
  }
  return `export default ${JSON.stringify({ lab, checks })};`;
};
