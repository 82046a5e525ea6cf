import type { SidebarsConfig } from '@docusaurus/plugin-content-docs';

const sidebars: SidebarsConfig = {
  lessons: [
    'intro',
    'running-the-labs',
    {
      type: 'category',
      label: 'Part 1 — Service (L4)',
      collapsed: false,
      items: [
        'lessons/why-services',
        'lessons/labels-and-selectors',
        'lessons/service-discovery-dns',
        'lessons/ports',
        'lessons/nodeport',
        'lessons/loadbalancer',
      ],
    },
    {
      type: 'category',
      label: 'Part 2 — Ingress (L7)',
      collapsed: false,
      items: [
        'lessons/why-ingress',
        'lessons/path-routing',
        'lessons/host-routing',
        'lessons/tls',
        'lessons/rewrites',
      ],
    },
    {
      type: 'category',
      label: 'Part 3 — The whole road',
      collapsed: false,
      items: ['lessons/end-to-end', 'lessons/troubleshooting'],
    },
    {
      type: 'category',
      label: 'Beyond the notes',
      items: ['lessons/gateway-api'],
    },
  ],
};

export default sidebars;
