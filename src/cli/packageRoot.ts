import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The nearest folder above `from` that holds a package.json: the package root, whether
 * the code runs from src/ (tests) or from dist/src/ (the built binary).
 */
export function packageRoot(from: string | URL): string {
  let folder = dirname(fileURLToPath(from));
  for (;;) {
    if (existsSync(join(folder, 'package.json'))) return folder;
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`no package.json above ${fileURLToPath(from)}`);
    folder = parent;
  }
}
