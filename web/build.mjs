// Builds the dashboard into web/dist/: type-checks web/ with its own tsconfig, then
// bundles the script (chart.js included, tree-shaken) and the stylesheet with esbuild.
// Fixed names: index.html, app.js, app.css; the server serves them at / and /assets/.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const web = dirname(fileURLToPath(import.meta.url));
const out = join(web, 'dist');
const require = createRequire(import.meta.url);

execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(web, 'tsconfig.json'), '--noEmit'], {
  stdio: 'inherit',
});

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const common = { bundle: true, minify: true, sourcemap: 'linked', target: ['chrome110', 'firefox110', 'safari16'], logLevel: 'warning' };
await build({ ...common, entryPoints: [join(web, 'src/main.ts')], outfile: join(out, 'app.js'), format: 'esm', legalComments: 'linked' });
await build({ ...common, entryPoints: [join(web, 'src/app.css')], outfile: join(out, 'app.css') });
copyFileSync(join(web, 'index.html'), join(out, 'index.html'));
console.log(`dashboard built in ${out}`);
