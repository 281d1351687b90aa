import { Reflector } from '@nestjs/core';
import type { TaskerPermission } from '../../interfaces/tasker-module-options.interface';

/** What a route asks of `http.authorize`: a permission, or `'public'` for the probes that are never guarded. */
export type TaskerRouteAccess = TaskerPermission | 'public';

/**
 * Sets the permission `TaskerAuthGuard` passes to `http.authorize` for a route. Every Tasker
 * route has one: the guard refuses a route without it, so a forgotten decorator fails closed.
 */
export const RequiresPermission = Reflector.createDecorator<TaskerRouteAccess>();
