import { MODULE_PATH } from '@nestjs/common/constants';
import type { ModulesContainer } from '@nestjs/core';

/** `http.path` as a route prefix: one leading slash, no trailing one (`'tasker'`, `'/ops/tasker/'` → `/tasker`, `/ops/tasker`; `''` → `/`). */
export function routePrefix(path: string): string {
  return `/${path
    .split('/')
    .filter((part) => part !== '')
    .join('/')}`;
}

/**
 * Mounts a module's controllers under `path` in one application: what `RouterModule` does, keyed
 * by the application's id as it is, so that apps side by side in one process may use different
 * paths. Done when the module is instantiated, which is before Nest registers any route, and
 * after async options are resolved: so `forRootAsync` mounts at the right path too.
 */
export function mountModuleAt(modules: ModulesContainer, moduleClass: object, path: string): void {
  Reflect.defineMetadata(MODULE_PATH + modules.applicationId, routePrefix(path), moduleClass);
}
