/** One measured duration: either it ended (`ended: true`, e.g. the rebuild shipped) or it was still running when last looked at (right-censored). */
export interface Observation {
  readonly days: number;
  readonly ended: boolean;
}

/** One step of the product-limit curve: at `days`, `ended` of `atRisk` ended; `survival` is the share still running after it. */
export interface SurvivalStep {
  readonly days: number;
  readonly atRisk: number;
  readonly ended: number;
  readonly censored: number;
  readonly survival: number;
}

/** The Kaplan–Meier curve of a set of observations, steps in time order (a step per distinct time). */
export interface SurvivalCurve {
  readonly observations: number;
  readonly steps: readonly SurvivalStep[];
}

/** How the curve's figures are named wherever they are shown. */
export const KAPLAN_MEIER = "Kaplan–Meier product-limit";

// Survival values are products of fractions: compare them with a tolerance, not ===.
const EPS = 1e-9;

/**
 * The Kaplan–Meier product-limit estimate: at each time an observation ended, the share still
 * running is multiplied by (1 − ended / at risk). A censored observation (still running when
 * last seen) counts as at risk up to its time and never as ended, so durations that have not
 * ended yet pull the curve up instead of vanishing. At a tie, endings come before censorings
 * (the usual convention: a build still pending at day 3 was at risk at day 3). Pure.
 *
 * @example
 * kaplanMeier([{ days: 1, ended: true }, { days: 2, ended: false }]).steps.at(-1)?.survival // 0.5
 */
export function kaplanMeier(observations: readonly Observation[]): SurvivalCurve {
  const ended = Float64Array.from(observations.filter((o) => o.ended).map((o) => o.days)).sort();
  const censored = Float64Array.from(observations.filter((o) => !o.ended).map((o) => o.days)).sort();
  return kaplanMeierSorted(ended, censored);
}

/**
 * {@link kaplanMeier} of durations already sorted ascending, the ended ones apart from the
 * censored ones: one merge of the two, with no object per observation (a large major's lag
 * summary makes this curve for every group of 30,000 builds, for every rebuild).
 *
 * @example
 * kaplanMeierSorted(Float64Array.of(1), Float64Array.of(2)).steps.at(-1)?.survival // 0.5
 */
export function kaplanMeierSorted(ended: ArrayLike<number>, censored: ArrayLike<number>): SurvivalCurve {
  const steps: SurvivalStep[] = [];
  let atRisk = ended.length + censored.length;
  let survival = 1;
  let i = 0;
  let j = 0;
  while (i < ended.length || j < censored.length) {
    const e = i < ended.length ? (ended[i] as number) : Infinity;
    const c = j < censored.length ? (censored[j] as number) : Infinity;
    const t = e <= c ? e : c;
    let endedHere = 0;
    let censoredHere = 0;
    for (; i < ended.length && ended[i] === t; i++) endedHere++;
    for (; j < censored.length && censored[j] === t; j++) censoredHere++;
    if (endedHere > 0) survival *= 1 - endedHere / atRisk;
    steps.push({ days: t, atRisk, ended: endedHere, censored: censoredHere, survival });
    atRisk -= endedHere + censoredHere;
  }
  return { observations: ended.length + censored.length, steps };
}

/**
 * The q-quantile (0.5: the median, 0.9: p90) of the durations: the first time the share ended
 * reaches q; when the curve sits exactly on q, the midpoint to the next ending (as R's
 * survival package does, so that without censoring it is the ordinary median). Null when the
 * curve never reaches q: too many are still running to say.
 *
 * @example
 * survivalQuantile(kaplanMeier([{ days: 1, ended: true }, { days: 3, ended: true }]), 0.5) // 2
 */
export function survivalQuantile(curve: SurvivalCurve, q: number): number | null {
  const endings = curve.steps.filter((s) => s.ended > 0);
  for (const [i, s] of endings.entries()) {
    const share = 1 - s.survival;
    if (share < q - EPS) continue;
    const next = endings[i + 1];
    return Math.abs(share - q) <= EPS && next !== undefined ? (s.days + next.days) / 2 : s.days;
  }
  return null;
}

/**
 * The estimated share (0..1) of durations that ended within `days` (inclusive); null with no
 * observations. Past the last observation the curve is carried flat, so durations still running
 * there count as not ended: the share errs low, never high.
 *
 * @example
 * survivalShareWithin(kaplanMeier([{ days: 1, ended: true }, { days: 9, ended: false }]), 7) // 0.5
 */
export function survivalShareWithin(curve: SurvivalCurve, days: number): number | null {
  if (curve.steps.length === 0) return null;
  const upTo = curve.steps.filter((s) => s.days <= days).at(-1);
  return upTo === undefined ? 0 : 1 - upTo.survival;
}
