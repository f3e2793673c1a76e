import type { Event } from '@aiops/model';

/** NormalizeLimits caps what one event may carry; huge-but-legal label sets pass, abuse gets a clear 400. */
export interface NormalizeLimits {
  /** Max entries in `labels` and in `annotations` of one event (default 256). */
  readonly maxLabels: number;
  /** Max length of a label key, in UTF-16 code units (default 1024). */
  readonly maxKeyLength: number;
  /** Max length of one label value (default 16 Ki). */
  readonly maxLabelValueLength: number;
  /** Max length of one annotation value (default 64 Ki). */
  readonly maxAnnotationValueLength: number;
  /** Max events one payload may produce (default 10 000). */
  readonly maxEvents: number;
}

export const DEFAULT_LIMITS: NormalizeLimits = Object.freeze({
  maxLabels: 256,
  maxKeyLength: 1024,
  maxLabelValueLength: 16 * 1024,
  maxAnnotationValueLength: 64 * 1024,
  maxEvents: 10_000,
});

/** NormalizeContext is everything an adapter may use besides the body: no clock, no I/O. */
export interface NormalizeContext {
  /** When the pipeline received the payload (epoch ms): fills occurredAt when the source sends no time. */
  readonly receivedAt: number;
  readonly limits?: Partial<NormalizeLimits>;
}

export type NormalizeErrorCode =
  | 'AIOPS_ERR_NORMALIZE_SCHEMA'
  | 'AIOPS_ERR_NORMALIZE_LIMIT'
  | 'AIOPS_ERR_NORMALIZE_UNKNOWN_SOURCE';

/** NormalizeIssue names one bad item (by index, for arrays) and the field that is wrong, and why. */
export interface NormalizeIssue {
  readonly code: NormalizeErrorCode;
  /** Index of the bad item in the payload's array (alerts[i], batch[i]); absent for single-item payloads. */
  readonly index?: number;
  /** Dotted path with [i] for array positions, e.g. `alerts[2].labels.severity`; `(root)` for the body itself. */
  readonly field: string;
  readonly message: string;
}

/** IgnoredItem is a well-formed notification that is not an alert state (acknowledgement, downtime, test…). */
export interface IgnoredItem {
  readonly index?: number;
  readonly reason: string;
}

/**
 * NormalizeResult is per item: the events made from the good items, the issues of the bad ones, and the
 * items that were understood but are not alert states. Callers decide the policy (the gateway rejects the
 * whole payload when `errors` is not empty).
 */
export interface NormalizeResult {
  readonly events: Event[];
  readonly errors: NormalizeIssue[];
  readonly ignored: IgnoredItem[];
}

/** SourceAdapter turns one vendor's payload into canonical events. Pure: same body and context, same result. */
export interface SourceAdapter {
  /** Source name as used in the route /api/v1/events/{source} and the Kafka `source` header. */
  readonly name: string;
  readonly description: string;
  normalize(body: unknown, ctx: NormalizeContext): NormalizeResult;
}
