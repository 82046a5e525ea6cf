// A tiny program for the node agent's tests, run as the image `sim-test/app:*`: it serves HTTP on
// PORT (all interfaces, which the Pod shim turns into the Pod IP), can crash on request and handles
// SIGTERM like a well-behaved server unless told to ignore it.
import http from 'node:http';

const port = Number(process.env.PORT ?? 8080);
let ready = process.env.START_READY !== 'false';
const server = http.createServer((req, res) => {
  if (req.url === '/ready') {
    res.statusCode = ready ? 200 : 503;
    return res.end(ready ? 'ready' : 'not ready');
  }
  if (req.url === '/toggle') {
    ready = !ready;
    return res.end(String(ready));
  }
  if (req.url === '/crash') {
    res.end('bye');
    setTimeout(() => process.exit(3), 10);
    return;
  }
  res.end(
    JSON.stringify({
      pod: process.env.HOSTNAME,
      address: server.address().address,
      argv: process.argv.slice(2),
      greeting: process.env.GREETING,
    }),
  );
});
server.listen(port, () => console.log(`listening on ${server.address().address}:${port}`));
if (process.env.EXIT_AFTER_MS)
  setTimeout(() => process.exit(Number(process.env.EXIT_CODE ?? 1)), Number(process.env.EXIT_AFTER_MS));
process.on('SIGTERM', () => {
  if (process.env.IGNORE_SIGTERM === 'true') return console.log('ignoring SIGTERM');
  console.log('SIGTERM received, closing');
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
