import { sqlIdentifier, type ClickHouse } from '@aiops/clickhouse';
import type { ChangeFact, CiFact, IncidentFact } from '@aiops/problems';

/** readFacts loads what detection needs from ClickHouse: latest incident versions, changes, the CMDB. */
export async function readFacts(ch: ClickHouse, from: number, to: number): Promise<{ incidents: IncidentFact[]; changes: ChangeFact[]; cmdb: CiFact[] }> {
  const db = sqlIdentifier(ch.database);
  const [inc, chg, ci] = await Promise.all([
    ch.query<{ id: string; detected_ms: string; ci: string; cis: string[]; service: string; category: string; template: string; title: string; problem_id: string }>(
      `SELECT id, detected_ms, ci, cis, service, toString(category) AS category, template, title, problem_id FROM ${db}.incidents FINAL
       WHERE detected_at >= toDateTime(${Math.floor(from / 1000)}) AND detected_at <= toDateTime(${Math.ceil(to / 1000)})`,
    ),
    ch.query<{ id: string; ci_id: string; started_ms: string; ended_ms: string; description: string }>(
      `SELECT id, ci_id, started_ms, ended_ms, description FROM ${db}.changes FINAL WHERE started_at >= toDateTime(${Math.floor(from / 1000)})`,
    ),
    ch.query<{ id: string; depends_on: string[] }>(`SELECT id, depends_on FROM ${db}.cmdb FINAL WHERE deleted = 0 AND length(depends_on) > 0`),
  ]);
  return {
    incidents: inc.map((r) => ({ id: r.id, detectedAt: Number(r.detected_ms), ci: r.ci, cis: r.cis, service: r.service, category: r.category, template: r.template, title: r.title, problemId: r.problem_id })),
    changes: chg.map((r) => ({ id: r.id, ciId: r.ci_id, startedAt: Number(r.started_ms), endedAt: Number(r.ended_ms) > 0 ? Number(r.ended_ms) : undefined, description: r.description })),
    cmdb: ci.map((r) => ({ id: r.id, dependsOn: r.depends_on })),
  };
}
