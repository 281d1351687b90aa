import { NotFoundException } from '@nestjs/common';

/**
 * A Tasker route reached while `http.enabled` resolved to false (with `forRootAsync` the routes are
 * registered before the options are known). Answered exactly like a path nothing is mounted on.
 */
export class TaskerRouteDisabledException extends NotFoundException {
  constructor(method: string, url: string) {
    super(`Cannot ${method} ${url}`);
  }
}
