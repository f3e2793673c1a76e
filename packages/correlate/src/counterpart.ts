/**
 * createCounterparts: the counterpart of a name key (kn:x, an entity the alert is on) or a mention key
 * (km:x, an entity its text names): km:x <-> kn:x. A group lookup asks for them for every such key of
 * the alert; one shared string per key saves building two strings each time. Bounded: past `max` keys
 * the counterpart is built as before.
 */
export function createCounterparts(max: number): (k: string) => string {
  const known = new Map<string, string>();
  return (k) => {
    const c = known.get(k);
    if (c !== undefined) return c;
    const made = `${k.startsWith('km:') ? 'kn:' : 'km:'}${k.slice(3)}`;
    if (known.size < max) known.set(k, made);
    return made;
  };
}

/** isNameKey: a kn: or km: key (names never join as keys; mentions below). */
export function isNameKey(k: string): boolean {
  return k.startsWith('kn:') || k.startsWith('km:');
}
