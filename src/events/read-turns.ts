/**
 * A fixed number of turns at the database for clients' log reads, handed out first come, first
 * served: a client reads a page, then queues again behind the others.
 */
export class ReadTurns {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  /** The most reads that have run at once. */
  peak = 0;

  constructor(private readonly limit: number) {}

  async run<T>(read: () => Promise<T>): Promise<T> {
    if (this.running < this.limit) this.running++;
    // A read that ends hands its turn straight to the next in line.
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.peak = Math.max(this.peak, this.running);
    try {
      return await read();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
