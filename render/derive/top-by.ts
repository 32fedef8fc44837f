/** Bounded top-k selection shared by the models. */

/** The k largest items by a key, in one pass with a small sorted buffer (k is tiny). */
export function topBy<T>(items: Iterable<T>, k: number, key: (item: T) => number): T[] {
  const top: T[] = [];
  const keys: number[] = [];
  if (k <= 0) return top;
  for (const item of items) {
    const value = key(item);
    if (top.length === k && value <= (keys[k - 1] as number)) continue;
    let at = top.length;
    while (at > 0 && (keys[at - 1] as number) < value) at--;
    top.splice(at, 0, item);
    keys.splice(at, 0, value);
    if (top.length > k) {
      top.pop();
      keys.pop();
    }
  }
  return top;
}
