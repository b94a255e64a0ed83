/**
 * A release date as one source states it, or a problem with one row of the
 * source (kept beside the good rows, so one bad date loses nothing else).
 */
export type ReleaseDateRecord =
  | {
      readonly kind: "release-date";
      /** "9.4" for a minor, "9" for a major. */
      readonly release: string;
      /** YYYY-MM-DD. */
      readonly date: string;
      /**
       * Which date of the release it is: general availability or the beta, or (for a major) the
       * end of a support phase as endoflife.date states it: end of active (full) support, end of
       * life (maintenance), end of extended support. Release lag reads "ga" only.
       */
      readonly stage: ReleaseStage;
    }
  | { readonly kind: "warning"; readonly message: string };

/** The dated stages of a release's life. */
export type ReleaseStage = "ga" | "beta" | "active-support-end" | "eol" | "extended-support-end";
