// Lets lesson pages import lab files straight from ../labs at build time, so a page never holds a
// pasted copy: `…/service.yaml?manifest` gives the text plus the line range of every YAML path,
// and `…/lab.yaml?lab` gives the lab's metadata plus the checks declared in its grade.test.ts.
import { createRequire } from 'node:module';
import type { Plugin } from '@docusaurus/types';

const require = createRequire(import.meta.url);

export default function labFiles(): Plugin {
  return {
    name: 'workshop-lab-files',
    configureWebpack() {
      return {
        module: {
          rules: [
            { resourceQuery: /manifest/, use: [require.resolve('./manifest-loader.cjs')] },
            { resourceQuery: /lab/, use: [require.resolve('./lab-loader.cjs')] },
          ],
        },
      };
    },
  };
}
