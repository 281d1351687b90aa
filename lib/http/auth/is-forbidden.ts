import { HttpException } from '@nestjs/common';

const FORBIDDEN = 403;

/**
 * Whether an error thrown by `http.authorize` means "forbidden" rather than "not authenticated": a
 * Nest `ForbiddenException` (or any `HttpException` with status 403), or an error object carrying
 * `status` / `statusCode` 403 (http-errors and most HTTP libraries).
 */
export function isForbidden(error: unknown): boolean {
  if (error instanceof HttpException) return error.getStatus() === FORBIDDEN;
  if (typeof error !== 'object' || error === null) return false;
  const { status, statusCode } = error as { status?: unknown; statusCode?: unknown };
  return status === FORBIDDEN || statusCode === FORBIDDEN;
}
