// The checks a grade.test.ts declares, read without running it (the same way the site reads them):
// a submission stopped at lint or apply still scores 0 of the lab's real maximum.
import { readFileSync } from 'node:fs';

export interface DeclaredCheck {
  title: string;
  points: number;
  hint: string;
  section: string;
}

export async function declaredChecks(file: string): Promise<DeclaredCheck[]> {
  const ts = (await import('typescript')).default;
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const literal = (node: import('typescript').Node | undefined): string | number | undefined => {
    if (!node) return undefined;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
    if (ts.isNumericLiteral(node)) return Number(node.text);
    return undefined;
  };
  const found: DeclaredCheck[] = [];
  const visit = (node: import('typescript').Node) => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'check') {
      const [titleNode, optionsNode] = node.arguments;
      const title = literal(titleNode);
      if (typeof title === 'string' && optionsNode && ts.isObjectLiteralExpression(optionsNode)) {
        const entry: DeclaredCheck = { title, points: 0, hint: '', section: '' };
        for (const p of optionsNode.properties) {
          if (!ts.isPropertyAssignment(p) || !ts.isIdentifier(p.name)) continue;
          const value = literal(p.initializer);
          if (p.name.text === 'points' && typeof value === 'number') entry.points = value;
          if (p.name.text === 'hint' && typeof value === 'string') entry.hint = value;
          if (p.name.text === 'section' && typeof value === 'string') entry.section = value;
        }
        found.push(entry);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}
