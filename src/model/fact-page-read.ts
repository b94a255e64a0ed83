/** The stored reads of a page a fact cites: the hash of its text at the baseline read and at the newest. */
export interface FactPageRead {
  readonly url: string;
  readonly baselineHash: string;
  readonly baselineReadAt: string;
  /** The newest check date of the facts citing the page when the baseline was read (null: none was checked). */
  readonly baselineChecked: string | null;
  readonly latestHash: string;
  readonly latestReadAt: string;
}
