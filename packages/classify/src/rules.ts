import { z } from 'zod';

/**
 * ClassificationRule is a predefined rule (R24): it matches when the CI type is one of `ciTypes` (if
 * given) and the alert text matches `pattern` (if given, case-insensitive). First match wins; a rule
 * carries its own confidence, so a generic rule can stay a suggestion while a precise one is applied.
 */
export const ClassificationRule = z.strictObject({
  id: z.string().min(1),
  category: z.string().min(1),
  subcategory: z.string().min(1).nullable().default(null),
  ciTypes: z.array(z.string()).default([]),
  pattern: z.string().optional().describe('regular expression over titles and templates, case-insensitive'),
  confidence: z.number().min(0).max(1).default(0.9),
});
export type ClassificationRule = z.output<typeof ClassificationRule>;
export type ClassificationRuleInput = z.input<typeof ClassificationRule>;

/** DEFAULT_RULES cover the common monitoring symptoms by CI type and text; configuration may replace them. */
export const DEFAULT_RULES: readonly ClassificationRuleInput[] = [
  { id: 'security-cert', category: 'security', subcategory: 'certificate', pattern: '\\b(cert(ificate)?|tls|ssl)\\b.*\\b(expir|invalid)' },
  { id: 'security-intrusion', category: 'security', subcategory: 'intrusion', pattern: '\\b(intrusion|brute.?force|malware|ids alert|suspicious)\\b' },
  { id: 'security-access', category: 'security', subcategory: 'access', pattern: '\\b(unauthori[sz]ed|login fail|auth(entication)? fail|permission denied)' },
  { id: 'db-replication', category: 'database', subcategory: 'replication', ciTypes: ['database'], pattern: 'replica|replication' },
  { id: 'db-capacity', category: 'database', subcategory: 'capacity', ciTypes: ['database'], pattern: 'disk|space|connections? (exhaust|limit|max)|too many connections|tablespace' },
  { id: 'db-performance', category: 'database', subcategory: 'performance', ciTypes: ['database'], pattern: 'slow|latency|lock|deadlock|query time' },
  { id: 'db-availability', category: 'database', subcategory: 'availability', ciTypes: ['database'], confidence: 0.8 },
  { id: 'net-any', category: 'infrastructure', subcategory: 'network', ciTypes: ['network', 'load_balancer'], confidence: 0.85 },
  { id: 'net-text', category: 'infrastructure', subcategory: 'network', pattern: '\\b(packet loss|bgp|interface (down|flap)|link down|dns|unreachable|router|switch)\\b', confidence: 0.75 },
  { id: 'k8s', category: 'infrastructure', subcategory: 'kubernetes', ciTypes: ['k8s_cluster', 'k8s_namespace', 'k8s_workload', 'k8s_pod'], pattern: 'crashloop|oomkill|pod|node not ready|evict|imagepull', confidence: 0.85 },
  { id: 'storage', category: 'infrastructure', subcategory: 'storage', ciTypes: ['storage'], confidence: 0.85 },
  { id: 'host-capacity', category: 'infrastructure', subcategory: 'host', ciTypes: ['host', 'vm'], pattern: 'disk|cpu|memory|load|filesystem|inode|swap|down|unreachable', confidence: 0.8 },
  { id: 'app-performance', category: 'application', subcategory: 'performance', ciTypes: ['application', 'service', 'k8s_workload'], pattern: 'latency|slow|p9\\d|response time|timeout|saturat' },
  { id: 'app-error', category: 'application', subcategory: 'error', ciTypes: ['application', 'service', 'k8s_workload'], pattern: 'error rate|5\\d\\d|exception|errors?\\b' },
  { id: 'app-availability', category: 'application', subcategory: 'availability', ciTypes: ['application', 'service', 'k8s_workload'], pattern: 'down|unavailable|health ?check|not responding|probe fail' },
  { id: 'supplier', category: 'supplier', subcategory: 'outage', ciTypes: ['supplier_service', 'cloud_service'], confidence: 0.7 },
];

/** CompiledRule is a rule with its regular expression built once. */
export interface CompiledRule {
  readonly rule: ClassificationRule;
  readonly re: RegExp | null;
  readonly ciTypes: ReadonlySet<string>;
}

export function compileRules(rules: readonly ClassificationRuleInput[]): CompiledRule[] {
  return rules.map((r) => {
    const rule = ClassificationRule.parse(r);
    return { rule, re: rule.pattern === undefined ? null : new RegExp(rule.pattern, 'i'), ciTypes: new Set(rule.ciTypes) };
  });
}

/** matchRule returns the first rule that matches the CI types and text, or null. */
export function matchRule(rules: readonly CompiledRule[], text: string, ciTypes: readonly string[]): CompiledRule | null {
  for (const r of rules) {
    if (r.ciTypes.size > 0 && !ciTypes.some((t) => r.ciTypes.has(t))) continue;
    if (r.re !== null && !r.re.test(text)) continue;
    return r;
  }
  return null;
}
