import {
  Inject,
  Injectable,
  InternalServerErrorException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { ResolvedTaskerOptions } from '../../interfaces/tasker-module-options.interface';
import { TASKER_OPTIONS } from '../../config/tasker.tokens';
import { TaskerHttpException } from '../errors/tasker-http.exception';
import { TaskerRouteDisabledException } from '../errors/tasker-route-disabled.exception';
import { isForbidden } from './is-forbidden';
import { RequiresPermission } from './tasker-permission.decorator';

interface RequestLine {
  method?: string;
  originalUrl?: string;
  url?: string;
}

/**
 * Guards every Tasker route. With `http.enabled` false it answers 404 as for an unknown path (the
 * routes exist only because `forRootAsync` registers them before its options are known). Otherwise
 * it asks `http.authorize(request, permission)` with the route's permission: `true` lets the
 * request through, any other answer is 403, and a thrown error is 401 unless it says "forbidden"
 * (a `ForbiddenException` or status 403), which stays 403. Without `http.authorize` everything is
 * allowed; routes marked `'public'` (health `live` and `ready`) are never asked about.
 */
@Injectable()
export class TaskerAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TASKER_OPTIONS) private readonly options: ResolvedTaskerOptions,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<RequestLine>();
    if (!this.options.http.enabled) {
      throw new TaskerRouteDisabledException(request.method ?? 'GET', request.originalUrl ?? request.url ?? '/');
    }
    const access = this.reflector.getAllAndOverride(RequiresPermission, [context.getHandler(), context.getClass()]);
    if (access === undefined) {
      throw new InternalServerErrorException(
        `Tasker route ${context.getClass().name}.${context.getHandler().name} declares no permission`,
      );
    }
    const { authorize } = this.options.http;
    if (access === 'public' || authorize === undefined) return true;
    let allowed: unknown;
    try {
      allowed = await authorize(request, access);
    } catch (error) {
      const message = error instanceof Error && error.message !== '' ? error.message : undefined;
      if (isForbidden(error))
        throw new TaskerHttpException(403, 'FORBIDDEN', message ?? `Not allowed: ${access}`, { permission: access });
      throw new TaskerHttpException(401, 'UNAUTHORIZED', message ?? 'Not authenticated', { permission: access });
    }
    if (allowed !== true)
      throw new TaskerHttpException(403, 'FORBIDDEN', `Not allowed: ${access}`, { permission: access });
    return true;
  }
}
