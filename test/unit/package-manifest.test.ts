/**
 * The manifest a user's tools read: every entry point has types for every module resolution
 * (`exports` for NodeNext and bundlers, `types` and `typesVersions` for the old node10), its
 * documentation, and its alias to the source in the tests; the links a registry page shows
 * point at the repository. `.ci/consumer/run.sh` compiles a project against the packed tarball
 * to prove it; this catches a subpath added to one list and not the others.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

interface EntryPoint {
  readonly 'swf-activity-worker:source': string;
  readonly types: string;
  readonly default: string;
}

const manifest = JSON.parse(read('package.json')) as {
  readonly types: string;
  readonly main: string;
  readonly exports: Record<string, EntryPoint>;
  readonly typesVersions: Record<string, Record<string, string[]>>;
  readonly repository: { readonly url: string };
  readonly homepage: string;
  readonly bugs: { readonly url: string };
};
const subpaths = Object.keys(manifest.exports).filter((path) => path !== '.');

describe('package.json', () => {
  it('gives every entry point its source, its types and its code, in the same place', () => {
    for (const [path, entry] of Object.entries(manifest.exports)) {
      const base = path === '.' ? 'index' : `${path.slice(2)}/index`;
      expect(entry, path).toEqual({
        'swf-activity-worker:source': `./src/${base}.ts`,
        types: `./dist/${base}.d.ts`,
        default: `./dist/${base}.js`,
      });
    }
  });

  it('resolves the types of every entry point under node10 resolution too', () => {
    expect(manifest.types).toBe(manifest.exports['.']?.types);
    expect(manifest.main).toBe(manifest.exports['.']?.default);
    const mapped = manifest.typesVersions['*'] ?? {};
    expect(Object.keys(mapped).sort()).toEqual(subpaths.map((path) => path.slice(2)).sort());
    for (const path of subpaths) {
      expect(mapped[path.slice(2)], path).toEqual([manifest.exports[path]?.types]);
    }
  });

  it('documents every entry point and aliases each to its source in the tests', () => {
    const typedoc = JSON.parse(read('typedoc.json')) as { entryPoints: string[] };
    const vitestConfig = read('vitest.config.ts');
    for (const entry of Object.values(manifest.exports)) {
      const source = entry['swf-activity-worker:source'].slice(2);
      expect(typedoc.entryPoints, source).toContain(source);
      expect(vitestConfig, source).toContain(`source('${source.slice('src/'.length)}')`);
    }
  });

  it('links the repository, its home page and its issues', () => {
    const repository = manifest.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
    expect(repository).toMatch(/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+$/);
    expect(manifest.homepage).toBe(`${repository}#readme`);
    expect(manifest.bugs.url).toBe(`${repository}/issues`);
  });
});
