import type { CiMatch, Event } from '@aiops/model';
import type { CiMatcher, CmdbGraph } from '@aiops/cmdb';
import type { CorrelateConfig } from './config.js';

/** DomainRoute is where an event belongs: its correlation domain (partition key) and the CI match made on the way. */
export interface DomainRoute {
  readonly domain: string;
  readonly ci: CiMatch | null;
}

function hint(e: Event, name: string): string {
  const r = e.resource as Record<string, string | undefined>;
  return e.labels[name] ?? r[name] ?? '';
}

/**
 * routeEvent computes the correlation domain: by default the first business service of the matched
 * CI (so that topologically related alerts meet on one partition); without a CI match, the first
 * present label of `domain.fallbackLabels` (cluster, environment) — coarse on purpose, so label and
 * text rules still have something to compare — else `default`. `global` puts everything in one domain.
 */
export function routeEvent(event: Event, cmdb: CmdbGraph, matcher: CiMatcher, config: Pick<CorrelateConfig, 'domain'>): DomainRoute {
  const ci = matcher.match(event.resource, event.labels, event.receivedAt, event.title);
  if (config.domain.strategy === 'global') return { domain: 'global', ci };
  if (ci) {
    const bss = cmdb.businessServicesOf(ci.id);
    if (bss.length > 0) return { domain: `svc:${bss[0] as string}`, ci };
  }
  for (const name of config.domain.fallbackLabels) {
    const v = hint(event, name);
    if (v !== '') return { domain: `${name}:${v.toLowerCase()}`, ci };
  }
  return { domain: 'default', ci };
}

/** domainOf is the partition key of an event (see routeEvent). */
export function domainOf(event: Event, cmdb: CmdbGraph, matcher: CiMatcher, config: Pick<CorrelateConfig, 'domain'>): string {
  return routeEvent(event, cmdb, matcher, config).domain;
}
