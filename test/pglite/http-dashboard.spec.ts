import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHttpApp, httpOptions, type HttpApp } from '../support/http-app';

// Each PGlite instance costs seconds and memory: two apps for the file.
const STARTUP_MS = 60_000;
const ASSETS = join(__dirname, '..', '..', 'lib', 'http', 'ui', 'assets');

/** The asset URLs of a page: every `href`/`src` of its links and scripts. */
function assetLinks(html: string): string[] {
  return [...html.matchAll(/(?:href|src)="([^"#]+)"/g)].map((match) => match[1] ?? '');
}

describe('the dashboard routes (PGlite)', () => {
  describe('at the default path, with every API call refused', () => {
    let app: HttpApp;

    beforeAll(async () => {
      const options = httpOptions(undefined, { authorize: () => false });
      app = await createHttpApp({ ...options, worker: { ...options.worker, enabled: false } });
    }, STARTUP_MS);

    afterAll(async () => {
      await app?.close();
    }, STARTUP_MS);

    it('serves the page to anyone, with a strict Content-Security-Policy and no inline script', async () => {
      const page = await app.request('GET', '/tasker/ui');

      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const csp = page.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe/);
      expect(page.text).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
      expect(page.text).not.toMatch(/\son[a-z]+=/);
      expect(assetLinks(page.text)).toEqual([
        './ui/assets/dashboard.css',
        './ui/assets/mermaid.min.js',
        './ui/assets/main.js',
      ]);
      // The API the page calls stays guarded.
      expect((await app.request('GET', '/tasker/tasks')).status).toBe(403);
    });

    it('links the files relative to the page, with or without a trailing slash', async () => {
      const page = await app.request('GET', '/tasker/ui/');

      expect(page.status).toBe(200);
      expect(assetLinks(page.text)).toEqual(['./assets/dashboard.css', './assets/mermaid.min.js', './assets/main.js']);
    });

    it('serves every file the scripts import, as the package has it', async () => {
      const sources = ['dashboard.css', 'main.js'];
      const seen = new Set<string>();
      while (sources.length > 0) {
        const file = sources.shift() ?? '';
        if (seen.has(file)) continue;
        seen.add(file);
        const answer = await app.request('GET', `/tasker/ui/assets/${file}`);
        expect({ file, status: answer.status }).toEqual({ file, status: 200 });
        expect(answer.headers.get('content-type')).toBe(
          file.endsWith('.css') ? 'text/css; charset=utf-8' : 'application/javascript; charset=utf-8',
        );
        expect(answer.text).toBe(readFileSync(join(ASSETS, file), 'utf8'));
        for (const match of answer.text.matchAll(/from '\.\/([\w-]+\.js)'/g)) sources.push(match[1] ?? '');
      }
      expect([...seen].sort()).toEqual(
        [
          'api.js',
          'dashboard.css',
          'dom.js',
          'format.js',
          'handlers-page.js',
          'health-panel.js',
          'live-refresh.js',
          'main.js',
          'notice.js',
          'step-actions.js',
          'task-list.js',
          'task-page.js',
        ].sort(),
      );
    });

    it("serves the mermaid package's bundle", async () => {
      const answer = await app.request('GET', '/tasker/ui/assets/mermaid.min.js');

      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
      expect(answer.text).toBe(readFileSync(require.resolve('mermaid/dist/mermaid.min.js'), 'utf8'));
    });

    it.each(['index.html', 'nothing.js', '..%2Fdashboard.controller.ts', '..%2F..%2F..%2F..%2Fpackage.json'])(
      'answers 404 for %s, which is not a dashboard file',
      async (file) => {
        const answer = await app.request<{ error: { code: string } }>('GET', `/tasker/ui/assets/${file}`);

        expect(answer.status).toBe(404);
        expect(answer.body.error.code).toBe('NOT_FOUND');
      },
    );
  });

  describe('under a custom http.path and a global prefix', () => {
    let app: HttpApp;

    beforeAll(async () => {
      const options = httpOptions(undefined, { path: '/ops/tasker/' });
      app = await createHttpApp(
        { ...options, worker: { ...options.worker, enabled: false } },
        { configure: (nest) => nest.setGlobalPrefix('api') },
      );
    }, STARTUP_MS);

    afterAll(async () => {
      await app?.close();
    }, STARTUP_MS);

    it('serves the page and its files there, the links resolving under the same path', async () => {
      const page = await app.request('GET', '/api/ops/tasker/ui');
      expect(page.status).toBe(200);

      for (const link of assetLinks(page.text)) {
        const url = new URL(link, `${app.origin}/api/ops/tasker/ui`);
        expect(url.pathname).toMatch(/^\/api\/ops\/tasker\/ui\/assets\//);
        const answer = await fetch(url);
        expect({ link, status: answer.status }).toEqual({ link, status: 200 });
        await answer.arrayBuffer();
      }
      expect((await app.request('GET', '/tasker/ui')).status).toBe(404);
    });
  });
});
