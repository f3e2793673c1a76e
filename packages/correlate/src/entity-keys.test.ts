import { describe, expect, it } from 'vitest';
import { createCmdbGraph } from '@aiops/cmdb';
import type { ConfigurationItem, Event } from '@aiops/model';
import { correlateConfig } from './config.js';
import { createEntityKeys } from './entity-keys.js';

const ci = (id: string, type: string, partOf?: string): ConfigurationItem =>
  ({ id, name: id, type, aliases: [], attributes: {}, relations: partOf ? [{ type: 'part_of', target: partOf }] : [] }) as ConfigurationItem;
const cmdb = createCmdbGraph([ci('cluster', 'k8s_cluster'), ci('shop', 'k8s_namespace', 'cluster'), ci('cart', 'k8s_workload', 'shop'), ci('lonely', 'k8s_namespace')]);
const event = { title: 't', description: '', labels: {}, resource: {} } as unknown as Event;

describe('same_ci key of a container CI (grouping.sameContainerCi)', () => {
  it.each([
    // [matched CI, sameContainerCi, same_ci key expected]
    ['cart', true, true],
    ['cart', false, true], // a workload holds nothing: always the same CI
    ['shop', true, true],
    ['shop', false, false], // a namespace other CIs are part_of: no same_ci join on it alone
    ['cluster', false, false],
    ['lonely', false, true], // nothing part_of it in the CMDB: not known as a container
  ] as const)('%s, sameContainerCi=%s', (id, sameContainerCi, want) => {
    const g = correlateConfig.parse({ grouping: { sameContainerCi } }).grouping;
    const keys = createEntityKeys(g, cmdb).keysOf(event, { id, method: 'k8s_namespace' }, null);
    expect(keys.includes(`ci:${id}`)).toBe(want);
    if (!want) expect(createEntityKeys(g, cmdb).keyRule(`kc:${id}`).rule).toBe('shared_label');
  });
});
