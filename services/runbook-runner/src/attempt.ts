/** AttemptResult is the interpreted outcome of one try of one action. */
export interface AttemptResult {
  readonly ok: boolean;
  /** true when trying again may succeed (connection refused, 5xx, 429, an exit code the runbook marks retryable). */
  readonly retryable: boolean;
  /** short, bounded description for the timeline: "HTTP 503", "exit 1", "timeout after 5000 ms". */
  readonly detail: string;
  /** captured response body / stdout+stderr, already bounded. */
  readonly output: string;
}

/** BoundedBuffer keeps the first `max` bytes of a stream and counts the rest. */
export class BoundedBuffer {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private dropped = 0;
  constructor(private readonly max: number) {}
  push(chunk: Buffer): void {
    const room = this.max - this.size;
    if (room <= 0) {
      this.dropped += chunk.length;
      return;
    }
    const part = chunk.length <= room ? chunk : chunk.subarray(0, room);
    this.chunks.push(part);
    this.size += part.length;
    this.dropped += chunk.length - part.length;
  }
  get full(): boolean {
    return this.size >= this.max;
  }
  text(): string {
    const s = Buffer.concat(this.chunks).toString('utf8');
    return this.dropped > 0 ? `${s}\n…[${this.dropped} more bytes not kept]` : s;
  }
}
