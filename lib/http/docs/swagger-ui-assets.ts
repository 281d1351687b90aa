import { createRequire } from 'node:module';
import { join } from 'node:path';

/** The Swagger UI files the docs page loads, with their content types. */
export const SWAGGER_UI_FILES: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
};

/**
 * Where the Swagger UI files are: the copy of swagger-ui-dist that @nestjs/swagger depends on,
 * resolved from @nestjs/swagger's own location (so nothing is fetched from a CDN, and the page
 * works offline).
 */
export function swaggerUiDirectory(): string {
  const fromSwagger = createRequire(require.resolve('@nestjs/swagger'));
  return join(fromSwagger.resolve('swagger-ui-dist/package.json'), '..');
}

/** The page: Swagger UI's files next to it, its start script in a file too (no inline script, for a strict CSP). */
export function swaggerUiPage(base: string): string {
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Tasker API</title>
    <link rel="stylesheet" href="${base}swagger-ui.css" />
    <link rel="icon" type="image/png" href="${base}favicon-32x32.png" sizes="32x32" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="${base}swagger-ui-bundle.js"></script>
    <script src="${base}swagger-ui-standalone-preset.js"></script>
    <script src="${base}tasker-docs.js"></script>
  </body>
</html>
`;
}

/** Starts Swagger UI on the document served next to the page (`…/docs` → `…/docs-json`); no validator badge (it would call out). */
export const SWAGGER_UI_START = `window.addEventListener('load', function () {
  var root = window.location.pathname.replace(/\\/docs\\/?$/, '');
  window.ui = SwaggerUIBundle({
    url: root + '/docs-json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout',
  });
});
`;
