import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const depcruise = join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const config = join(root, 'test/architecture/layers.cjs');

/** The layer rules run on a small tree of files; returns depcruise's exit status and report. */
function cruise(files: Record<string, string>): { status: number; report: string } {
  const dir = mkdtempSync(join(tmpdir(), 'parley-layers-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } }));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const roots = ['src', 'projections', 'web/src'].filter((top) => Object.keys(files).some((path) => path.startsWith(`${top}/`)));
  try {
    const report = execFileSync(process.execPath, [depcruise, '--config', config, '--output-type', 'err-long', ...roots], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
    return { status: 0, report };
  } catch (error) {
    const failed = error as { status: number; stdout: string; stderr: string };
    return { status: failed.status, report: failed.stdout + failed.stderr };
  }
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the layer rules', () => {
  describe('given files that import only downwards', () => {
    it('pass', () => {
      const { status, report } = cruise({
        'src/time/timePoint.ts': 'export const t = 1;\n',
        'src/events/catalogue.ts': "import { t } from '../time/timePoint.js';\nexport const c = t;\n",
        'projections/timeline.ts': "import { c } from '../src/events/catalogue.js';\nexport const p = c;\n",
        'src/app/queries.ts': "import { p } from '../../projections/timeline.js';\nexport const q = p;\n",
        'web/src/main.ts': "import type { q } from '../../src/app/queries.js';\nimport { t } from '../../src/time/timePoint.js';\nexport type Q = typeof q;\nexport const w = t;\n",
      });
      expect(report).not.toContain('error');
      expect(status).toBe(0);
    });
  });

  describe('given a projection that imports the application', () => {
    it('fail, naming the rule and saying why', () => {
      const { status, report } = cruise({
        'src/app/parley.ts': 'export const a = 1;\n',
        'projections/timeline.ts': "import { a } from '../src/app/parley.js';\nexport const p = a;\n",
      });
      expect(status).not.toBe(0);
      expect(report).toContain('projections-are-pure: projections/timeline.ts → src/app/parley.ts');
      expect(report).toContain('nothing that reads, writes or serves');
    });
  });

  describe('given two files that import each other', () => {
    it('fail with the cycle', () => {
      const { status, report } = cruise({
        'src/app/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
        'src/app/b.ts': "import { a } from './a.js';\nexport const b = () => a;\n",
      });
      expect(status).not.toBe(0);
      expect(report).toContain('no-cycles');
    });
  });

  describe('given a use case that picks the SQLite adapter', () => {
    it('fail: only composition chooses an adapter', () => {
      const { status, report } = cruise({
        'src/store/sqliteStore.ts': 'export const s = 1;\n',
        'src/app/appendEvents.ts': "import { s } from '../store/sqliteStore.js';\nexport const a = s;\n",
      });
      expect(status).not.toBe(0);
      expect(report).toContain('only-composition-picks-an-adapter');
    });
  });

  describe('given the dashboard importing server code that is not a type', () => {
    it('fail: the dashboard bundle takes only types from the server', () => {
      const { status, report } = cruise({
        'src/app/queries.ts': 'export const q = 1;\n',
        'web/src/main.ts': "import { q } from '../../src/app/queries.js';\nexport const w = q;\n",
      });
      expect(status).not.toBe(0);
      expect(report).toContain('dashboard-shares-types-only');
    });
  });

  describe('given the decisions importing the hash chain', () => {
    it('fail: sealing belongs to the audit layer', () => {
      const { status, report } = cruise({
        'src/audit/hashChain.ts': 'export const h = 1;\n',
        'src/domain/decide.ts': "import { h } from '../audit/hashChain.js';\nexport const d = h;\n",
      });
      expect(status).not.toBe(0);
      expect(report).toContain('domain-beside-replay: src/domain/decide.ts → src/audit/hashChain.ts');
    });
  });
});
