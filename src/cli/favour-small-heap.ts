import { setFlagsFromString } from "node:v8";

/**
 * Makes V8 collect the old generation sooner instead of growing it, for
 * commands that stream large inputs into the store (sync, update, import).
 * Their live data is small, but V8's default growth lets promoted garbage
 * pile up to ~50 MB per isolate before a full collection; 15 % growth keeps
 * a 60,000-package sync near 130 MB peak (bench/run.ts) at little cost.
 * Analyses keep the default: for them the tighter growth costs ~30 % time.
 * The flag is read at each collection, so setting it at run time takes
 * effect (https://v8.dev/docs/memory, `node --v8-options`); it is process-wide,
 * so worker threads started afterwards get it too.
 *
 * @example
 * favourSmallHeap(); // then start the sync
 */
export function favourSmallHeap(): void {
  setFlagsFromString("--heap-growing-percent=15");
}
