import { z } from 'zod';

/** Known CI types; the set is open (any lower-case word), these are the ones the product reasons about. */
export const KNOWN_CI_TYPES = [
  'business_service', 'application', 'service', 'database', 'queue', 'cache', 'host', 'vm',
  'network', 'load_balancer', 'storage', 'k8s_cluster', 'k8s_namespace', 'k8s_workload', 'k8s_pod',
  'cloud_service', 'supplier_service',
] as const;

export const CiRelationType = z.enum(['depends_on', 'runs_on', 'part_of', 'connected_to']);
export type CiRelationType = z.infer<typeof CiRelationType>;

export const CiRelation = z.object({ type: CiRelationType, target: z.string().min(1) });
export type CiRelation = z.infer<typeof CiRelation>;

export const Criticality = z.enum(['critical', 'high', 'medium', 'low']);
export type Criticality = z.infer<typeof Criticality>;

/** ConfigurationItem is one CMDB record (topic aiops.cmdb.v1, compacted, keyed by id; null value deletes). */
export const ConfigurationItem = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  type: z.string().regex(/^[a-z][a-z0-9_]*$/),
  environment: z.string().optional(),
  criticality: Criticality.optional(),
  owner: z.string().optional().describe('accountable owner (person or team)'),
  supportGroup: z.string().optional().describe('team that gets incidents on this CI'),
  aliases: z.array(z.string()).default([]),
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  relations: z.array(CiRelation).default([]),
  users: z.number().int().nonnegative().optional().describe('for business services: users served'),
  slaClass: z.string().optional().describe('for business services: gold | silver | bronze | …'),
  location: z.object({ site: z.string().optional(), region: z.string().optional(), cluster: z.string().optional() }).optional(),
});
export type ConfigurationItem = z.infer<typeof ConfigurationItem>;
