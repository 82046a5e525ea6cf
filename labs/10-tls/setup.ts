// Lab 10's setup steps, run by `npx lab start 10` once my-app is up: show which certificate the
// HTTPS entry point presents for myapp.example.com before the lab (no Secret names the host yet,
// so the controller presents its own default certificate), and the command that shows it again.
import { X509Certificate } from 'node:crypto';
import { connect } from 'node:tls';
import type { LabSetupContext } from '@workshop/runtime';

const HOST = 'myapp.example.com';

/** The subject of the certificate presented for SNI `servername`, or why there was none. */
function presentedSubject(url: URL, servername: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({
      host: url.hostname,
      port: Number(url.port || 443),
      servername,
      rejectUnauthorized: false,
      timeout: 3000,
    });
    socket.once('secureConnect', () => {
      const raw = socket.getPeerCertificate()?.raw;
      socket.destroy();
      resolve(raw ? new X509Certificate(raw).subject.replace(/\n/g, ', ') : 'no certificate');
    });
    socket.once('timeout', () => socket.destroy(new Error('no TLS handshake within 3 s')));
    socket.once('error', (error) => resolve(`no TLS answer (${error.message})`));
  });
}

export async function setup(ctx: LabSetupContext): Promise<void> {
  if (!ctx.status.https) {
    ctx.info('this runtime reports no HTTPS entry point; ask your instructor for the ingress address');
    return;
  }
  const url = new URL(ctx.status.https);
  const subject = await ctx.step(`Asking ${url.host} for the certificate of ${HOST} (SNI)`, () =>
    presentedSubject(url, HOST),
  );
  const isDefault = /TRAEFIK DEFAULT CERT/.test(subject);
  ctx.info(
    `HTTPS for ${HOST} presents ${subject}${isDefault ? ": the controller's own certificate, since no Secret names the host yet" : ''}`,
  );
  const port = url.port || '443';
  ctx.info(
    `after your change, compare: curl -kv --resolve ${HOST}:${port}:${url.hostname} https://${HOST}:${port}/ 2>&1 | grep subject:`,
  );
}
