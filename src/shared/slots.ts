/** A counting semaphore: at most `size` holders; `enter` waits its turn (first come, first served), `tryEnter` does not. */
export class Slots {
  private held = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly size: number) {}

  tryEnter(): boolean {
    if (this.held >= this.size) return false;
    this.held += 1;
    return true;
  }

  async enter(): Promise<void> {
    if (this.tryEnter()) return;
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  leave(): void {
    const next = this.waiting.shift();
    // The slot passes straight to the next in line, so a tryEnter cannot jump the queue.
    if (next) next();
    else this.held -= 1;
  }
}
