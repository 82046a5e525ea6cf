// The real sim daemon (packages/sim/src/daemon.ts, same contract, same flags) with an address plan of
// its own and ephemeral entry ports unless told otherwise, so the labs' self-tests can run beside a
// developer's cluster and each other: node ports such as 30000 then listen on a random 127.x.y.1.
// Used through WORKSHOP_SIM_DAEMON, the runtime's seam for a stand-in daemon.
const argv = process.argv;
if (!argv.includes('--random-network')) argv.push('--random-network');
if (!argv.includes('--http-port')) argv.push('--http-port', '0');
if (!argv.includes('--https-port')) argv.push('--https-port', '0');

// Imported after the flags are in place (the daemon reads them as it loads), by a literal specifier,
// so that the runtime's one-file bundle of this script (packages/sim/src/core/bundle-cache.ts)
// contains the daemon: a computed path would be left as an import of TypeScript at run time.
await import('@workshop/sim/daemon.ts');
