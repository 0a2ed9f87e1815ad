/**
 * Build step: the message catalogs (src/text/catalogs/*.json) are read at run time, not
 * imported, so tsc does not emit them. Copies them next to the compiled i18n module
 * (dist/src/text/catalogs), replacing what an earlier build left, so `npm start` ships exactly
 * the languages present in the source tree.
 */
const { copyFileSync, mkdirSync, readdirSync, rmSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const from = join(root, 'src', 'text', 'catalogs');
const to = join(root, 'dist', 'src', 'text', 'catalogs');
rmSync(to, { recursive: true, force: true });
mkdirSync(to, { recursive: true });
for (const name of readdirSync(from)) if (name.endsWith('.json')) copyFileSync(join(from, name), join(to, name));
