// Lab 02's proofs: Service "api-service" has endpoints, they are exactly the 3 Pods of Deployment
// "api" (the decoy Pod "worker" is not one of them) and traffic reaches those Pods only. Titles,
// points and hints are in lab.yaml.
import { defineChecks, fail, listText } from '@workshop/grader';

const SERVICE = 'api-service';
const DEPLOYMENT = 'api';
/** The Pod in base/ that shares tier: backend with the API's Pods and nothing else. */
const DECOY = 'worker';

export default defineChecks({
  endpoints: async (ctx) => {
    const service = await ctx.require('Service', SERVICE);
    const endpoints = await ctx.endpoints(SERVICE);
    if (endpoints.ready.length === 0) {
      const selector = (service.spec as { selector?: Record<string, string> } | undefined)?.selector;
      const shown = selector
        ? `{${Object.entries(selector)
            .map(([key, value]) => `${key}: ${value}`)
            .join(', ')}}`
        : 'no selector';
      fail(
        `Service "${SERVICE}" to have at least one ready endpoint`,
        `no endpoints: its selector ${shown} matches no ready Pod`,
      );
    }
  },

  'backend-only': async (ctx) => {
    await ctx.expectSelectsReplicas(SERVICE, DEPLOYMENT, 3);
  },

  'decoy-excluded': async (ctx) => {
    const endpoints = await ctx.endpoints(SERVICE);
    const all = [...endpoints.ready, ...endpoints.notReady];
    if (all.some((e) => e.pod === DECOY)) {
      fail(
        `Pod "${DECOY}" not among the endpoints of Service "${SERVICE}"`,
        `endpoints ${listText(all.map((e) => e.pod ?? e.ip))}`,
      );
    }
  },

  traffic: async (ctx) => {
    // 60 new connections: with 3 Pods picked at random per connection, missing one by chance is
    // about 3·(2/3)^60 ≈ 10⁻¹⁰; with the decoy as a 4th endpoint, it answers some of them.
    const result = await ctx.fetchFromPod(`http://${SERVICE}/api/v1/hello`, { count: 60 });
    await ctx.expectReaches(result, { deployment: DEPLOYMENT });
  },
});
