/**
 * Topic definitions as data: the one list every service, the provisioning code and the docs read.
 * Partitions default to 12 so the correlator and incident manager can scale out by adding instances.
 */
export interface TopicDefinition {
  readonly name: string;
  readonly partitions: number;
  readonly cleanupPolicy: 'delete' | 'compact';
  readonly retentionMs?: number;
  readonly key: string;
  readonly description: string;
}

const DAY = 24 * 60 * 60 * 1000;

export const TOPICS = {
  eventsRaw: { name: 'aiops.events.raw.v1', partitions: 12, cleanupPolicy: 'delete', retentionMs: 7 * DAY, key: 'source fingerprint or none', description: 'raw payloads written by senders, header `source` names the adapter' },
  events: { name: 'aiops.events.v1', partitions: 12, cleanupPolicy: 'delete', retentionMs: 7 * DAY, key: 'fingerprint', description: 'normalised events' },
  alerts: { name: 'aiops.alerts.v1', partitions: 12, cleanupPolicy: 'delete', retentionMs: 7 * DAY, key: 'correlation domain', description: 'alert state changes' },
  groups: { name: 'aiops.groups.v1', partitions: 12, cleanupPolicy: 'delete', retentionMs: 7 * DAY, key: 'group id', description: 'correlation group changes' },
  cmdb: { name: 'aiops.cmdb.v1', partitions: 1, cleanupPolicy: 'compact', key: 'CI id (null value deletes)', description: 'configuration items' },
  changes: { name: 'aiops.changes.v1', partitions: 1, cleanupPolicy: 'compact', key: 'change id', description: 'change records' },
  incidents: { name: 'aiops.incidents.v1', partitions: 12, cleanupPolicy: 'compact', key: 'incident id', description: 'incident snapshots (latest wins)' },
  incidentEvents: { name: 'aiops.incident-events.v1', partitions: 12, cleanupPolicy: 'delete', retentionMs: 30 * DAY, key: 'incident id', description: 'incident timeline' },
  incidentCommands: { name: 'aiops.incident-commands.v1', partitions: 12, cleanupPolicy: 'delete', retentionMs: 7 * DAY, key: 'incident id', description: 'SRE and system actions' },
  runbookRequests: { name: 'aiops.runbook-requests.v1', partitions: 12, cleanupPolicy: 'delete', retentionMs: 7 * DAY, key: 'incident id', description: 'runbook run requests' },
  runbookResults: { name: 'aiops.runbook-results.v1', partitions: 12, cleanupPolicy: 'delete', retentionMs: 30 * DAY, key: 'incident id', description: 'runbook run results' },
  problems: { name: 'aiops.problems.v1', partitions: 1, cleanupPolicy: 'compact', key: 'problem id', description: 'problem records' },
  dlq: { name: 'aiops.dlq.v1', partitions: 3, cleanupPolicy: 'delete', retentionMs: 30 * DAY, key: 'stage', description: 'refused input with reason and original bytes' },
  eventsByDomain: { name: 'aiops.events.by-domain.v1', partitions: 12, cleanupPolicy: 'delete', retentionMs: 7 * DAY, key: 'correlation domain', description: 'correlator-internal repartition: events re-keyed by correlation domain (router -> engine)' },
} as const satisfies Record<string, TopicDefinition>;

export type TopicKey = keyof typeof TOPICS;
export type TopicNames = { readonly [K in TopicKey]: string };

/**
 * topicNames resolves every topic under a namespace. An empty namespace gives the production names;
 * tests pass a unique namespace so that runs never see each other's records.
 */
export function topicNames(namespace = ''): TopicNames {
  const out = {} as Record<TopicKey, string>;
  for (const k of Object.keys(TOPICS) as TopicKey[]) {
    out[k] = namespace === '' ? TOPICS[k].name : `${namespace}.${TOPICS[k].name}`;
  }
  return out;
}

/** topicDefinitions lists the definitions under a namespace, with a partition count override. */
export function topicDefinitions(namespace = '', partitions?: number): TopicDefinition[] {
  const names = topicNames(namespace);
  return (Object.keys(TOPICS) as TopicKey[]).map((k) => ({
    ...TOPICS[k],
    name: names[k],
    partitions: partitions !== undefined && TOPICS[k].partitions > 1 ? partitions : TOPICS[k].partitions,
  }));
}

/** changelogTopic names a stateful service's compacted changelog (Kafka Streams style). */
export function changelogTopic(namespace: string, service: string): string {
  const name = `aiops.${service}.changelog.v1`;
  return namespace === '' ? name : `${namespace}.${name}`;
}
