// Entry of the toolbox process: `node --import <pod network shim> toolbox.mjs <command> <args…>`.
// The kubelet starts it for `kubectl exec` and as the program of the debug images, so every command
// sees the Pod's network (its DNS, its address) through the same shim as the Pod's own process.
import { podWorld, processIo } from './io.ts';
import { runProgram } from './shell.ts';

const tty = process.env.SIM_TTY === '1';
const io = processIo(tty);
// Output a pipe did not take yet must still get out before the exit.
const finish = (code: number) =>
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
runProgram(process.argv.slice(2), io, podWorld()).then(finish, (error: unknown) => {
  io.err(`sim: ${error instanceof Error ? error.message : String(error)}\n`);
  finish(1);
});
