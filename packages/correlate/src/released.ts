/**
 * RELEASED stands in for a map a group no longer needs: past its join window a group is never a join
 * candidate again, so the indexes only joins and root-cause ranking read are dropped to save memory. Any
 * access throws, so code that starts reading them later fails loudly instead of seeing an empty map.
 */
class ReleasedMap extends Map<string, never> {
  override get size(): number {
    return released();
  }
  override get(): never {
    return released();
  }
  override has(): boolean {
    return released();
  }
  override set(): this {
    return released();
  }
  override delete(): boolean {
    return released();
  }
  override forEach(): void {
    released();
  }
  override keys(): MapIterator<string> {
    return released();
  }
  override values(): MapIterator<never> {
    return released();
  }
  override entries(): MapIterator<[string, never]> {
    return released();
  }
  override [Symbol.iterator](): MapIterator<[string, never]> {
    return released();
  }
}

function released(): never {
  throw new Error('correlate: read of a group index released after its join window (a bug)');
}

export const RELEASED: Map<string, never> = new ReleasedMap();
