// Test helper: starts one container process the way the kubelet does, prints its pid, then waits
// to be killed, so a test can check that the container dies with its parent.
import path from 'node:path';
import { LogWriter } from '../container-logs.ts';
import { startContainerProcess } from '../container-process.ts';

const [shimPath, dir, podIP] = process.argv.slice(2) as [string, string, string];
const child = await startContainerProcess({
  plan: { nodeArgs: [], entry: new URL('./test-app.mjs', import.meta.url).pathname, args: [], cwd: dir },
  env: { PATH: process.env.PATH ?? '', SIM_POD_IP: podIP, PORT: '0' },
  shimPath,
  log: new LogWriter(path.join(dir, 'orphan.log')),
});
console.log(child.pid);
setInterval(() => {}, 1000);
