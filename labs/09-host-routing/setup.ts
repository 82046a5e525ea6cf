// Lab 09's setup steps, run by `npx lab start 09` once the three apps are up: show that the
// controller's entry point is one address for every host name, and that what tells the hosts apart
// is the Host header a client sends. Safe to run again: it only sends requests.
import type { LabSetupContext } from '@workshop/runtime';
import { describeTry, tryUrl } from '../lib/try-url.ts';

const HOSTS = ['myapp.example.com', 'admin.example.com', 'pr-42.preview.example.com'];

export async function setup(ctx: LabSetupContext): Promise<void> {
  const { status } = ctx;
  if (!status.http) {
    ctx.info('this runtime reports no HTTP entry point; ask your instructor for the ingress address');
    return;
  }
  // One address, three names: no DNS is needed, curl -H 'Host: …' sends the name the rule matches.
  for (const host of HOSTS) {
    const result = await ctx.step(`Calling the entry point as ${host}`, () =>
      tryUrl(`${status.http}/`, { host }),
    );
    // No X-App-Name header means no app saw the request: the controller answered it.
    const who =
      result.status !== undefined && !result.app
        ? ' (sent by the controller: no rule for this host yet)'
        : '';
    ctx.info(`${describeTry(result)} with Host: ${host}${who}`);
  }
  ctx.info(
    `after your change, compare: curl -si -H 'Host: admin.example.com' ${status.http}/ | grep -i x-app-name`,
  );
  ctx.info(`and a host no rule names:  curl -si -H 'Host: shop.example.com' ${status.http}/`);
}
