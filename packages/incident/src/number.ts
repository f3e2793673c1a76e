/**
 * formatIncidentNumber: `INC-<pp><nnnnnn>` — the owning partition (2 digits) and that partition's
 * sequence (6 digits, wider when it outgrows them). Only the single owner of a partition creates
 * incidents on it, and it restores the sequence as max(seq)+1 of the snapshots it restores, so
 * numbers are unique and stable across restarts and replays (a replayed creation finds its snapshot
 * and allocates nothing). See README "Incident numbers".
 */
export function formatIncidentNumber(partition: number, seq: number): string {
  return `INC-${String(partition).padStart(2, '0')}${String(seq).padStart(6, '0')}`;
}

/** parseIncidentNumber is the inverse, for restoring the sequence; null when it is not ours. */
export function parseIncidentNumber(n: string): { partition: number; seq: number } | null {
  const m = /^INC-(\d{2})(\d{6,})$/.exec(n);
  if (!m) return null;
  return { partition: Number(m[1]), seq: Number(m[2]) };
}
