import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { Get, Header, Inject, Param, Req, StreamableFile } from '@nestjs/common';
import { ApiExcludeController, type OpenAPIObject } from '@nestjs/swagger';
import type { ResolvedTaskerOptions } from '../../interfaces/tasker-module-options.interface';
import { TASKER_OPTIONS } from '../../config/tasker.tokens';
import { RequiresPermission } from '../auth/tasker-permission.decorator';
import { SWAGGER_UI_FILES, SWAGGER_UI_START, swaggerUiDirectory, swaggerUiPage } from '../docs/swagger-ui-assets';
import { TaskerOpenApi } from '../docs/tasker-openapi.service';
import { TaskerHttpException } from '../errors/tasker-http.exception';
import { routePrefix } from '../tasker-http-path';
import { TaskerController } from './tasker-controller.decorator';

interface RequestPath {
  originalUrl?: string;
  url?: string;
}

function pathOf(request: RequestPath): string {
  const url = request.originalUrl ?? request.url ?? '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/**
 * The OpenAPI description of Tasker's routes (`docs-json`) and Swagger UI on it (`docs`), served
 * from the package's own files: no CDN, works offline. Permission `tasker.docs:index`.
 */
@ApiExcludeController()
@TaskerController('', 'docs')
export class TaskerDocsController {
  private uiDirectory: string | undefined;

  constructor(
    private readonly openApi: TaskerOpenApi,
    @Inject(TASKER_OPTIONS) private readonly options: ResolvedTaskerOptions,
  ) {}

  @Get('docs-json')
  @RequiresPermission('tasker.docs:index')
  document(@Req() request: RequestPath): OpenAPIObject {
    return this.openApi.document(this.globalPrefix(pathOf(request)));
  }

  @Get('docs')
  @RequiresPermission('tasker.docs:index')
  @Header('Content-Type', 'text/html; charset=utf-8')
  page(@Req() request: RequestPath): string {
    // Relative links, so the page works under any prefix: from `…/docs` the files are `./docs/x`,
    // from `…/docs/` they are `./x`.
    return swaggerUiPage(pathOf(request).endsWith('/') ? './' : './docs/');
  }

  @Get('docs/tasker-docs.js')
  @RequiresPermission('tasker.docs:index')
  @Header('Content-Type', 'application/javascript; charset=utf-8')
  start(): string {
    return SWAGGER_UI_START;
  }

  @Get('docs/:file')
  @RequiresPermission('tasker.docs:index')
  asset(@Param('file') file: string): StreamableFile {
    const type = Object.hasOwn(SWAGGER_UI_FILES, file) ? SWAGGER_UI_FILES[file] : undefined;
    if (type === undefined)
      throw new TaskerHttpException(404, 'NOT_FOUND', `No docs file named ${JSON.stringify(file)}`);
    this.uiDirectory ??= swaggerUiDirectory();
    return new StreamableFile(createReadStream(join(this.uiDirectory, file)), { type });
  }

  /** The app's global prefix: what precedes Tasker's own path in the request's path (`/api/tasker/docs-json` → `/api`). */
  private globalPrefix(path: string): string {
    const prefix = routePrefix(this.options.http.path);
    const own = `${prefix === '/' ? '' : prefix}/docs-json`;
    const trimmed = path.replace(/\/+$/, '');
    return trimmed.toLowerCase().endsWith(own.toLowerCase()) ? trimmed.slice(0, trimmed.length - own.length) : '';
  }
}
