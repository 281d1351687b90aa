import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { Get, Header, Param, Req, StreamableFile } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { RequiresPermission } from '../auth/tasker-permission.decorator';
import { TaskerHttpException } from '../errors/tasker-http.exception';
import {
  DASHBOARD_CSP,
  DASHBOARD_FILES,
  MERMAID_FILE,
  dashboardDirectory,
  dashboardPage,
  mermaidBundlePath,
  readDashboardTemplate,
} from '../ui/dashboard-files';
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
 * The dashboard at `ui`: a static page and its scripts and styles, served from the package's own
 * files (Mermaid from the installed `mermaid` package): no build step, no CDN, works offline. The
 * page and its files hold no data, so they are served to anyone (like the health probes); every
 * API call the page makes is authorized as usual, and the page shows a refusal where one comes back.
 */
@ApiExcludeController()
@TaskerController('ui', 'ui', { documentAuth: false })
export class DashboardController {
  private template: string | undefined;
  private mermaidPath: string | undefined;

  @Get()
  @RequiresPermission('public')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  @Header('Content-Security-Policy', DASHBOARD_CSP)
  page(@Req() request: RequestPath): string {
    this.template ??= readDashboardTemplate();
    // Relative links, so the page works under any prefix and http.path: from `…/ui` the files are
    // `./ui/assets/x`, from `…/ui/` they are `./assets/x`.
    return dashboardPage(this.template, pathOf(request).endsWith('/') ? './assets/' : './ui/assets/');
  }

  @Get(`assets/${MERMAID_FILE}`)
  @RequiresPermission('public')
  @Header('Cache-Control', 'public, max-age=86400')
  mermaid(): StreamableFile {
    this.mermaidPath ??= mermaidBundlePath();
    return new StreamableFile(createReadStream(this.mermaidPath), { type: 'application/javascript; charset=utf-8' });
  }

  @Get('assets/:file')
  @RequiresPermission('public')
  @Header('Cache-Control', 'no-cache')
  asset(@Param('file') file: string): StreamableFile {
    const type = Object.hasOwn(DASHBOARD_FILES, file) ? DASHBOARD_FILES[file] : undefined;
    if (type === undefined)
      throw new TaskerHttpException(404, 'NOT_FOUND', `No dashboard file named ${JSON.stringify(file)}`);
    return new StreamableFile(createReadStream(join(dashboardDirectory(), file)), { type });
  }
}
