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
const script = await build({ ...common, entryPoints: [join(web, 'src/main.ts')], outfile: join(out, 'app.js'), format: 'esm', legalComments: 'linked', metafile: true });
// The page reads TimePoints with the server's module; that module's zod schema must stay out of the bundle.
const bundled = Object.values(script.metafile.outputs).flatMap((output) => Object.entries(output.inputs));
const zod = bundled.filter(([input, { bytesInOutput }]) => input.includes('node_modules/zod/') && bytesInOutput > 0).map(([input]) => input);
if (zod.length > 0) throw new Error(`the dashboard bundle takes in zod (${zod[0]}, …): import only parsers from src/time`);
await build({ ...common, entryPoints: [join(web, 'src/app.css')], outfile: join(out, 'app.css') });
copyFileSync(join(web, 'index.html'), join(out, 'index.html'));
console.log(`dashboard built in ${out}`);
