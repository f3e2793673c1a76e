import { stableId, type Event, type EventStatus, type ResourceHints, type Severity } from '@aiops/model';
import type { z } from 'zod';
import { DEFAULT_LIMITS, type IgnoredItem, type NormalizeContext, type NormalizeErrorCode, type NormalizeIssue, type NormalizeLimits, type NormalizeResult } from './types.js';

/** EventDraft is what an adapter knows about one item before ids, times and limits are applied. */
export interface EventDraft {
  readonly fingerprint: string;
  readonly status: EventStatus;
  readonly severity: Severity;
  readonly title: string;
  readonly description: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly resource: ResourceHints;
  /** Source time of this observation (start for firing, end for resolved); absent = the source sent none. */
  readonly sourceTime?: number | undefined;
  readonly startsAt?: number | undefined;
  readonly endsAt?: number | undefined;
  readonly sourceEventId?: string | undefined;
  readonly url?: string | undefined;
  /** The raw item: hashed into the id only when there is no source time, so retries still get the same id. */
  readonly raw: unknown;
}

const MAX_ISSUES = 20;
const MAX_TITLE = 1024;

/** formatPath renders a zod/our path as `alerts[2].labels.severity`. */
export function formatPath(path: ReadonlyArray<PropertyKey>, prefix = ''): string {
  let out = prefix;
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out === '' ? '(root)' : out;
}

function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/**
 * ResultBuilder collects the per-item outcome of one payload: events (with deterministic ids and limits
 * checked), issues that name the item and field, and ignored non-alert items.
 */
export class ResultBuilder {
  private readonly events: Event[] = [];
  private readonly errors: NormalizeIssue[] = [];
  private readonly ignored: IgnoredItem[] = [];
  private issueCount = 0;
  readonly limits: NormalizeLimits;

  constructor(
    readonly source: string,
    private readonly ctx: NormalizeContext,
  ) {
    this.limits = ctx.limits ? { ...DEFAULT_LIMITS, ...ctx.limits } : DEFAULT_LIMITS;
  }

  get hasErrors(): boolean {
    return this.issueCount > 0;
  }

  issue(code: NormalizeErrorCode, field: string, message: string, index?: number): void {
    this.issueCount++;
    if (this.errors.length >= MAX_ISSUES) return;
    this.errors.push(index === undefined ? { code, field, message } : { code, index, field, message });
  }

  /** zodIssues reports a zod failure; `index` is taken from the path when the array is at `itemsAt`. */
  zodIssues(error: z.ZodError, opts: { prefix?: string; index?: number; itemsAt?: string | null } = {}): void {
    for (const is of error.issues) {
      let index = opts.index;
      if (index === undefined && opts.itemsAt !== undefined) {
        if (opts.itemsAt === null && typeof is.path[0] === 'number') index = is.path[0];
        else if (opts.itemsAt !== null && is.path[0] === opts.itemsAt && typeof is.path[1] === 'number') index = is.path[1];
      }
      this.issue('AIOPS_ERR_NORMALIZE_SCHEMA', formatPath(is.path, opts.prefix ?? ''), is.message, index);
    }
  }

  ignore(reason: string, index?: number): void {
    this.ignored.push(index === undefined ? { reason } : { index, reason });
  }

  /** add checks limits and turns a draft into an Event; `where` prefixes field names in issues (e.g. `alerts[3]`). */
  add(d: EventDraft, where: { index?: number; prefix?: string } = {}): void {
    const before = this.issueCount;
    this.checkMap(d.labels, 'labels', this.limits.maxLabelValueLength, where);
    this.checkMap(d.annotations, 'annotations', this.limits.maxAnnotationValueLength, where);
    if (this.events.length >= this.limits.maxEvents) {
      this.issue('AIOPS_ERR_NORMALIZE_LIMIT', where.prefix ?? '(root)', `more than ${this.limits.maxEvents} events in one payload`, where.index);
    }
    if (this.issueCount > before) return;
    const occurredAt = d.sourceTime ?? this.ctx.receivedAt;
    const timePart = d.sourceTime !== undefined ? String(d.sourceTime) : `content:${JSON.stringify(d.raw) ?? ''}`;
    const ev: Event = {
      id: stableId('ev_', this.source, d.fingerprint, d.status, timePart, d.sourceEventId ?? ''),
      source: this.source,
      fingerprint: d.fingerprint,
      status: d.status,
      severity: d.severity,
      title: truncate(d.title === '' ? d.fingerprint : d.title, MAX_TITLE),
      description: truncate(d.description, this.limits.maxAnnotationValueLength),
      labels: d.labels,
      annotations: d.annotations,
      resource: d.resource,
      occurredAt,
      receivedAt: this.ctx.receivedAt,
    };
    if (d.sourceEventId !== undefined && d.sourceEventId !== '') ev.sourceEventId = d.sourceEventId;
    if (d.startsAt !== undefined) ev.startsAt = d.startsAt;
    if (d.endsAt !== undefined) ev.endsAt = d.endsAt;
    if (d.url !== undefined && d.url !== '') ev.url = d.url;
    this.events.push(ev);
  }

  private checkMap(map: Readonly<Record<string, string>>, name: string, maxValue: number, where: { index?: number; prefix?: string }): void {
    const base = where.prefix ? `${where.prefix}.${name}` : name;
    const keys = Object.keys(map);
    if (keys.length > this.limits.maxLabels) {
      this.issue('AIOPS_ERR_NORMALIZE_LIMIT', base, `${keys.length} entries, at most ${this.limits.maxLabels} allowed`, where.index);
      return;
    }
    for (const k of keys) {
      if (k.length > this.limits.maxKeyLength) {
        this.issue('AIOPS_ERR_NORMALIZE_LIMIT', base, `a key is ${k.length} characters long, at most ${this.limits.maxKeyLength} allowed`, where.index);
        return;
      }
      const v = map[k] as string;
      if (v.length > maxValue) {
        this.issue('AIOPS_ERR_NORMALIZE_LIMIT', `${base}.${k}`, `value is ${v.length} characters long, at most ${maxValue} allowed`, where.index);
        return;
      }
    }
  }

  result(): NormalizeResult {
    if (this.issueCount > this.errors.length) {
      // keep the count honest in the message of the first issue's consumer
      this.errors.push({ code: 'AIOPS_ERR_NORMALIZE_SCHEMA', field: '(root)', message: `${this.issueCount - this.errors.length} more issues not listed` });
    }
    return { events: this.events, errors: this.errors, ignored: this.ignored };
  }
}
