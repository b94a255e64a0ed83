import { rpmvercmp } from "./rpmvercmp.js";

/** Epoch, version and release of a build. */
export interface Evr {
  readonly epoch: number;
  readonly version: string;
  readonly release: string;
}

/**
 * Compares two EVRs as rpm does: epoch first (a missing epoch is 0), then
 * version, then release, each with {@link rpmvercmp}.
 *
 * @example
 * compareEvr({ epoch: 1, version: "1.0", release: "1" }, { epoch: 0, version: "9.9", release: "9" }) // 1
 */
export function compareEvr(a: Evr, b: Evr): -1 | 0 | 1 {
  if (a.epoch !== b.epoch) return a.epoch > b.epoch ? 1 : -1;
  return rpmvercmp(a.version, b.version) || rpmvercmp(a.release, b.release);
}

/**
 * Reads `[epoch:]version-release`, the form rpm prints.
 *
 * @example
 * parseEvr("2:4.9-8.el9") // { epoch: 2, version: "4.9", release: "8.el9" }
 */
export function parseEvr(text: string): Evr {
  const colon = text.indexOf(":");
  const epoch = colon === -1 ? 0 : Number.parseInt(text.slice(0, colon), 10) || 0;
  const vr = colon === -1 ? text : text.slice(colon + 1);
  const dash = vr.lastIndexOf("-");
  return dash === -1
    ? { epoch, version: vr, release: "" }
    : { epoch, version: vr.slice(0, dash), release: vr.slice(dash + 1) };
}
