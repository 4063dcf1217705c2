/**
 * Lets at most N tasks run at once and admits the waiting ones in the order they asked: the pool
 * runner hands tasks to the threads in plan order through it, and checks for a cancel at the
 * moment a task is admitted rather than when it was queued.
 */
export class TaskGate {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  /** Resolves when the caller may run; call the returned function when it is done. */
  async enter(): Promise<() => void> {
    if (this.running >= Math.max(1, this.limit)) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running += 1;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so a later caller cannot overtake it.
      if (next) next();
      else this.running -= 1;
    };
  }
}
