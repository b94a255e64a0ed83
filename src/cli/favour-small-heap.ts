import { setFlagsFromString } from "node:v8";

/**
 * Makes V8 collect the old generation sooner instead of growing it. Every command's live data is
 * far smaller than the heap V8's default growth lets pile up before a full collection: the
 * analyses hold ~140 MB live at 450,000 rows but peaked at 390 MB, and streaming ingest holds
 * little but promoted garbage reached ~50 MB per isolate. `main` sets 30 % growth for every
 * command (lag on the 450k store: 390 -> 300 MB peak at the same time, bench:compare); sync,
 * update and import tighten it to 15 %, which keeps a 60,000-package sync near 130 MB peak
 * (bench/run.ts) and would cost the analyses ~20 % time. The flag is read at each collection, so
 * setting it at run time takes effect (https://v8.dev/docs/memory, `node --v8-options`); it is
 * process-wide, so worker threads started afterwards get it too.
 *
 * @example
 * favourSmallHeap(); // then start the sync
 */
export function favourSmallHeap(growingPercent = 15): void {
  setFlagsFromString(`--heap-growing-percent=${growingPercent}`);
}
