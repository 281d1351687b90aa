import { HttpStatus } from '@nestjs/common';

/** The error code for an HTTP status without a Tasker code of its own: its name (`PAYLOAD_TOO_LARGE`), else `HTTP_<status>`. */
export function httpErrorCode(status: number): string {
  const name: unknown = HttpStatus[status];
  return typeof name === 'string' ? name : `HTTP_${status}`;
}
