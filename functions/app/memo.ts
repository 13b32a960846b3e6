/**
 * The last few results of a pure, costly computation, per warm container. Attributions and simulations depend only
 * on immutable inputs (complete runs, published versions, sealed datasets, a draft's content hash), so paging
 * through a national result or expanding one school's lines reuses the computation instead of repeating it. Two
 * requests for the same key at once share one computation; a failure is not kept.
 */
export class PromiseMemo<T> {
  private readonly entries = new Map<string, Promise<T>>();

  constructor(private readonly capacity: number) {}

  get(key: string, make: () => Promise<T>): Promise<T> {
    const found = this.entries.get(key);
    if (found) {
      // Most recently used last, so the oldest is evicted first.
      this.entries.delete(key);
      this.entries.set(key, found);
      return found;
    }
    const made = make();
    this.entries.set(key, made);
    made.catch(() => {
      if (this.entries.get(key) === made) this.entries.delete(key);
    });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return made;
  }
}
