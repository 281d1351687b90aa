import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { TASKER_EVENT_NAMES } from '../../lib/events/tasker-event-map';
import { TASKER_DEFAULTS } from '../../lib/config/tasker.defaults';
import { present } from '../support/present';

const ROOT = join(__dirname, '..', '..');

function markdownFiles(): string[] {
  const docs = readdirSync(join(ROOT, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.md'))
    .map((file) => join(ROOT, 'docs', file));
  return [join(ROOT, 'README.md'), ...docs];
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
function anchorsOf(file: string): Set<string> {
  const anchors = new Set<string>();
  for (const [, heading] of readFileSync(file, 'utf8').matchAll(/^#{1,6} +(.+)$/gm)) {
    anchors.add(
      present(heading, `heading text in ${file}`)
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, '')
        .replace(/\s/g, '-'),
    );
  }
  return anchors;
}

/** Relative links `[text](target)` outside code blocks. */
function linksOf(file: string): string[] {
  const text = readFileSync(file, 'utf8').replace(/^```[\s\S]*?^```/gm, '');
  return [...text.matchAll(/\[[^\]]*\]\(([^)\s]+)\)/g)]
    .map(([, target]) => present(target, `link target in ${file}`))
    .filter((target) => !/^[a-z]+:/.test(target));
}

describe('README and docs/', () => {
  it('link only to files and headings that exist', () => {
    const broken: string[] = [];
    for (const file of markdownFiles()) {
      for (const link of linksOf(file)) {
        const [pathPart, anchor] = link.split('#');
        const path = present(pathPart, `path of ${link}`);
        const target = path === '' ? file : resolve(dirname(file), path);
        const where = `${relative(ROOT, file)} -> ${link}`;
        if (!existsSync(target)) broken.push(`${where} (no such file)`);
        else if (anchor !== undefined && target.endsWith('.md') && !anchorsOf(target).has(anchor))
          broken.push(`${where} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('stand alone: nothing points outside the repository', () => {
    for (const file of markdownFiles()) {
      const text = readFileSync(file, 'utf8');
      expect({
        file: relative(ROOT, file),
        outside: /\.\.\/shared\b|\bAPI\.md\b|\bREFERENCE\.md\b/.test(text),
      }).toEqual({
        file: relative(ROOT, file),
        outside: false,
      });
    }
  });

  it('document every exported error with its code, every event and every module option', () => {
    const read = (name: string): string => readFileSync(join(ROOT, 'docs', name), 'utf8');
    const errorsDoc = read('errors.md');
    const errorSources = readdirSync(join(ROOT, 'lib', 'errors'))
      .map((file) => readFileSync(join(ROOT, 'lib', 'errors', file), 'utf8'))
      .join('\n');
    for (const [, name] of errorSources.matchAll(/export class (\w+) extends TaskerError/g)) {
      expect({ name, documented: errorsDoc.includes(`### ${name}`) }).toEqual({ name, documented: true });
    }
    for (const [, code] of errorSources.matchAll(/code = '([A-Z_]+)'/g)) {
      expect({ code, documented: errorsDoc.includes(`\`${code}\``) }).toEqual({ code, documented: true });
    }
    const eventsDoc = read('events.md');
    for (const event of TASKER_EVENT_NAMES) {
      expect({ event, documented: eventsDoc.includes(`\`${event}\``) }).toEqual({ event, documented: true });
    }
    const optionsDoc = read('configuration.md');
    for (const option of optionPaths(TASKER_DEFAULTS)) {
      expect({ option, documented: optionsDoc.includes(`\`${option}\``) }).toEqual({ option, documented: true });
    }
    expect(optionsDoc).toContain('`limits.maxContextBytes`');
    expect(optionsDoc).toContain('`limits.maxResultBytes`');
  });
});

/** `a.b` paths of the leaves of the defaults object. */
function optionPaths(value: object, prefix = ''): string[] {
  return Object.entries(value).flatMap(([key, field]: [string, unknown]) =>
    typeof field === 'object' && field !== null && !Array.isArray(field)
      ? optionPaths(field, `${prefix}${key}.`)
      : [`${prefix}${key}`],
  );
}
