/**
 * How many of something each holder has (transfers, streams): a count per holder, forgotten when
 * it comes back to zero, so the map only ever holds live holders, however many have come and gone.
 */
export class Counts<K> {
  private readonly counts = new Map<K, number>();

  of(holder: K): number {
    return this.counts.get(holder) ?? 0;
  }

  add(holder: K): void {
    this.counts.set(holder, this.of(holder) + 1);
  }

  remove(holder: K): void {
    const left = this.of(holder) - 1;
    if (left > 0) this.counts.set(holder, left);
    else this.counts.delete(holder);
  }

  /** How many holders have at least one. */
  get size(): number {
    return this.counts.size;
  }
}
