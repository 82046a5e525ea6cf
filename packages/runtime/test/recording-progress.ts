// A Progress that records step titles and info lines, for asserting what a runtime told the user.
import type { Progress } from '../src/progress.ts';

export function recordingProgress(lines: string[]): Progress {
  return {
    step: (title, fn) => {
      lines.push(title);
      return fn();
    },
    info: (message) => {
      lines.push(message);
    },
  };
}
