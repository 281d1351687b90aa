import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { firstOf, present } from '../support/present';

const ROOT = join(__dirname, '..', '..');

interface Manifest {
  license: string;
  files: string[];
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  bin: Record<string, string>;
  schematics: string;
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;

/**
 * Packages of the host app's framework: one copy per app, so the app must provide them. prom-client
 * too: its default registry is the one the app serves, so Tasker must declare on the app's copy.
 */
const HOST_FRAMEWORK = /^(@nestjs\/.+|typeorm|rxjs|reflect-metadata|pg|prom-client)$/;

function sourceFiles(directory: string): string[] {
  return readdirSync(join(ROOT, directory), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
    .map((file) => join(ROOT, directory, file));
}

/** The packages the published code loads at run time (type-only imports are erased by the compiler). */
function runtimeImports(): Set<string> {
  const packages = new Set<string>();
  const statement = /(?:^|\n)\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?'([^']+)'|require\('([^']+)'\)/g;
  // The schematic's templates hold the imports of the code it writes (`nestjs-tasker`, `@nestjs/testing`), not its own.
  const templates = new Set([join(ROOT, 'schematics', 'task', 'render-task-files.ts')]);
  const published = ['lib', 'migrations', 'cli', 'schematics']
    .flatMap((directory) => sourceFiles(directory))
    .filter((file) => !templates.has(file));
  for (const file of published) {
    for (const match of readFileSync(file, 'utf8').matchAll(statement)) {
      const specifier = present(match[2] ?? match[3], `import specifier in ${file}`);
      if (match[1] !== undefined || specifier.startsWith('.')) continue;
      const name = specifier.startsWith('@')
        ? specifier.split('/').slice(0, 2).join('/')
        : firstOf(specifier.split('/'), 'specifier segment');
      if (name.startsWith('node:') || builtinModules.includes(name)) continue;
      packages.add(name);
    }
  }
  return packages;
}

describe('package.json', () => {
  it('declares every package the library loads at run time, the host framework as peers only', () => {
    const imports = runtimeImports();
    expect(imports).toEqual(expect.any(Set));
    expect([...imports]).toEqual(expect.arrayContaining(['@nestjs/common', '@nestjs/core', 'typeorm', 'pg']));
    for (const name of imports) {
      const declared = name in manifest.dependencies || name in manifest.peerDependencies;
      expect({ name, declared }).toEqual({ name, declared: true });
      if (HOST_FRAMEWORK.test(name))
        expect({ name, peer: name in manifest.peerDependencies }).toEqual({ name, peer: true });
    }
    expect(Object.keys(manifest.dependencies).filter((name) => HOST_FRAMEWORK.test(name))).toEqual([]);
    expect(Object.keys(manifest.peerDependencies).sort()).toEqual(
      [
        '@nestjs/common',
        '@nestjs/core',
        '@nestjs/swagger',
        '@nestjs/terminus',
        '@nestjs/typeorm',
        'pg',
        'prom-client',
        'reflect-metadata',
        'rxjs',
        'typeorm',
      ].sort(),
    );
  });

  it('develops and tests against every peer', () => {
    const missing = Object.keys(manifest.peerDependencies).filter((name) => !(name in manifest.devDependencies));
    expect(missing).toEqual([]);
  });

  it('builds on install from git and on pack, and ships only the library, its migrations, CLI, schematics and docs', () => {
    expect(manifest.scripts.prepare).toBe('npm run build');
    expect(manifest.files).toEqual([
      'dist/lib',
      'dist/migrations',
      'dist/cli',
      'dist/schematics',
      '!dist/**/*.map',
      'docs',
    ]);
  });

  it('declares the tasker command and the schematics collection where the build puts them', () => {
    expect(manifest.bin).toEqual({ tasker: 'dist/cli/main.js' });
    expect(manifest.schematics).toBe('./dist/schematics/collection.json');
    expect(manifest.scripts.build).toContain('node scripts/copy-schematics-json.js');
    expect(readFileSync(join(ROOT, 'cli', 'main.ts'), 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
  });

  it('is MIT licensed, with the licence text in LICENSE', () => {
    expect(manifest.license).toBe('MIT');
    const license = readFileSync(join(ROOT, 'LICENSE'), 'utf8');
    expect(license).toMatch(/^MIT License\n\nCopyright \(c\) 2026 The Tasker authors\n/);
    expect(license).toContain('THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND');
  });
});
