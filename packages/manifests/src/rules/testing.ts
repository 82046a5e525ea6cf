// Test helper: lint YAML text with a lab context given as YAML text too.
import { lintText } from '../lint.ts';
import { parseManifests } from '../source/parse-manifests.ts';
import type { Diagnostic } from '../types.ts';

export async function lintWith(text: string, contextText?: string): Promise<Diagnostic[]> {
  const context = contextText === undefined ? undefined : parseManifests(contextText, 'base.yaml').objects;
  return (await lintText(text, { file: 'exercise.yaml', context })).diagnostics;
}

export function deployment(
  name: string,
  labels: string,
  ports = '[{name: http, containerPort: 8080}]',
): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  selector: {matchLabels: ${labels}}
  template:
    metadata: {labels: ${labels}}
    spec:
      containers:
        - name: ${name}
          image: workshop/backend:1.0.0
          ports: ${ports}
`;
}
