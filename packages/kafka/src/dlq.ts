import { createHash } from 'node:crypto';
import type { DlqRecord } from '@aiops/model';
import type { Producer } from './types.js';

export interface DlqEntry {
  readonly payload: Buffer | string;
  readonly errorCode: string;
  readonly reason: string;
  readonly field?: string | undefined;
  readonly source?: string | undefined;
  readonly contentType?: string | undefined;
  readonly origin?: { topic: string; partition: number; offset: string } | undefined;
}

export interface DlqWriter {
  /** write resolves once the DLQ records are acknowledged by Kafka (so the caller may commit or answer). */
  write(entries: readonly DlqEntry[]): Promise<void>;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** toDlqRecord keeps the original bytes: as text when they are valid UTF-8, else base64. */
export function toDlqRecord(stage: string, e: DlqEntry, at: number): DlqRecord {
  const bytes = typeof e.payload === 'string' ? Buffer.from(e.payload, 'utf8') : e.payload;
  let encoding: 'utf8' | 'base64' = 'utf8';
  let payload: string;
  try {
    payload = utf8.decode(bytes);
  } catch {
    encoding = 'base64';
    payload = bytes.toString('base64');
  }
  // Deterministic id: the same refused input from the same origin is one DLQ record, even when replayed.
  const h = createHash('sha256').update(stage).update('\0');
  if (e.origin) h.update(`${e.origin.topic}/${e.origin.partition}/${e.origin.offset}`);
  else h.update(bytes).update('\0').update(String(at));
  const rec: DlqRecord = {
    id: `dlq_${h.digest('hex').slice(0, 32)}`,
    stage,
    errorCode: e.errorCode,
    reason: e.reason,
    at,
    encoding,
    payload,
  };
  if (e.source !== undefined) rec.source = e.source;
  if (e.field !== undefined) rec.field = e.field;
  if (e.contentType !== undefined) rec.contentType = e.contentType;
  if (e.origin !== undefined) rec.origin = e.origin;
  return rec;
}

/** createDlqWriter writes refused input to the DLQ topic, keyed by stage. */
export function createDlqWriter(producer: Producer, opts: { topic: string; stage: string; now?: () => number }): DlqWriter {
  const now = opts.now ?? Date.now;
  return {
    async write(entries) {
      if (entries.length === 0) return;
      const at = now();
      await producer.send(
        entries.map((e) => ({ topic: opts.topic, key: opts.stage, value: JSON.stringify(toDlqRecord(opts.stage, e, at)) })),
      );
    },
  };
}
