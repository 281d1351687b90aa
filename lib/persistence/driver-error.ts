// Errors from the driver and from Node's sockets are read by shape, not with `instanceof`: they may
// come from another realm (a VM context, a test sandbox) where `Error` is a different class.

/** The `code` of a driver or socket error (a SQLSTATE like `57P01`, or a Node code like `ECONNRESET`). */
export function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** The error and, for an `AggregateError` (Node tries each address of a host), each error inside it. */
export function errorsWithin(error: unknown): unknown[] {
  const inner = typeof error === 'object' && error !== null ? (error as { errors?: unknown }).errors : undefined;
  return Array.isArray(inner) ? [error, ...(inner as unknown[])] : [error];
}

export function errorMessage(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const { message } = error as { message?: unknown };
    if (typeof message === 'string') return message;
  }
  return String(error);
}
