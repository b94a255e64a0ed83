/**
 * One self-rewriting status line on a terminal; silent when stderr is not a
 * TTY, so logs and pipes get only the final summary.
 *
 * @example
 * const p = new ProgressLine(process.stderr); p.update("syncing ..."); p.clear();
 */
export class ProgressLine {
  private last = 0;
  private shown = false;

  constructor(private readonly out: NodeJS.WriteStream) {}

  get enabled(): boolean {
    return this.out.isTTY === true;
  }

  update(text: string): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 100) return;
    this.last = now;
    const width = this.out.columns ?? 80;
    this.out.write(`\r\x1b[K${text.slice(0, width - 1)}`);
    this.shown = true;
  }

  clear(): void {
    if (this.shown) this.out.write("\r\x1b[K");
    this.shown = false;
  }
}
