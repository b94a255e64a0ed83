/** A watch rule's firing for one subject as the store keeps it: open until resolvedAt. */
export interface AlertFiring {
  readonly id: number;
  readonly rule: string;
  readonly kind: string;
  readonly subject: string;
  readonly firedAt: string;
  readonly resolvedAt: string | null;
  readonly figure: number;
  readonly unit: string;
  readonly measure: string;
  readonly threshold: number;
  readonly message: string;
  readonly source: string;
  readonly clock: string;
  readonly asOf: string | null;
}

/** What a new firing is written from: everything but its id and times. */
export type NewAlertFiring = Omit<AlertFiring, "id" | "firedAt" | "resolvedAt">;

/** One attempt to deliver a firing to a notify entry. */
export interface AlertDelivery {
  readonly firingId: number;
  /** The webhook URL or the mbox path. */
  readonly target: string;
  readonly status: "delivered" | "failed";
  readonly attempts: number;
  readonly error: string | null;
}
