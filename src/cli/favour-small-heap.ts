import { setFlagsFromString } from "node:v8";

/**
 * Makes V8 collect the old generation sooner instead of growing it. Every command's live data is
 * far smaller than the heap V8's default growth lets pile up before a full collection: lag on the
 * 450,000-row store holds ~140 MB live but peaked at 320-340 MB, and streaming ingest holds little
 * but promoted garbage reached ~50 MB per isolate. `main` sets 50 % growth for every command (that
 * lag: 280-290 MB peak, ~10 % more time, measured interleaved on 2026-12-01; 30 % saved no more
 * memory and cost more time); sync and the workers tighten it to 15 %, which keeps a
 * 60,000-package sync near 130 MB peak (bench/run.ts). The flag is read at each collection, so
 * setting it at run time takes effect (https://v8.dev/docs/memory, `node --v8-options`); it is
 * process-wide, so worker threads started afterwards get it too.
 *
 * @example
 * favourSmallHeap(); // then start the sync
 */
export function favourSmallHeap(growingPercent = 15): void {
  setFlagsFromString(`--heap-growing-percent=${growingPercent}`);
}
