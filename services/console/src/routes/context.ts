import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TopicNames } from '@aiops/model';
import type { Role } from '@aiops/http';
import type { OutRecord } from '@aiops/kafka';
import type { Clock } from '@aiops/pipeline';
import type { Telemetry } from '@aiops/telemetry';
import type { ServiceConfig } from '../config.js';
import type { IncidentStore } from '../store.js';

/**
 * RouteContext is what every console route plugin receives as its options: the materialised incident
 * store, a producer door, topic names, role guards, the clock and the config. A route module adds
 * what else it needs through AppDeps (e.g. a ClickHouse client) and reads it here.
 */
export interface RouteContext {
  readonly config: ServiceConfig;
  readonly store: IncidentStore;
  readonly topics: TopicNames;
  readonly clock: Clock;
  readonly telemetry: Telemetry;
  publish(records: readonly OutRecord[]): Promise<void>;
  requireRole(role: Role): (req: FastifyRequest, reply: FastifyReply) => Promise<void>;
  /** extra dependencies given to buildApp (other route modules: reports, problems, runbooks). */
  readonly extras: Readonly<Record<string, unknown>>;
}
