/** An HTTP API failure: status, a machine-readable kind and a message; sent as JSON. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly kind: string,
    message: string,
  ) {
    super(message);
  }
}
