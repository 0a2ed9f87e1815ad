/**
 * JSON Schemas of the data files, generated from the zod schema: committed as
 * `data/schema/*.schema.json` so editors complete and check the files (`$schema` in the object
 * files, `.vscode/settings.json` for the lists). A test keeps the committed files equal to this.
 */
import { z } from 'zod';
import { overlaySchema } from './data-l10n';
import { FILE_SCHEMAS } from './data-schema';

/** `meta.json` → `meta.schema.json`; overlays share `l10n.schema.json`. */
export const schemaFileName = (dataFile: string): string =>
  dataFile.startsWith('l10n/') ? 'l10n.schema.json' : dataFile.replace(/\.json$/, '.schema.json');

/** Every schema file by name, as JSON text (2-space, final newline). */
export function dataJsonSchemas(): Record<string, string> {
  const entries: Array<[string, z.ZodType, string]> = [
    ...Object.entries(FILE_SCHEMAS).map(([file, schema]): [string, z.ZodType, string] => [
      schemaFileName(file),
      schema,
      `CAFTA bot data: ${file}`,
    ]),
    ['l10n.schema.json', overlaySchema, 'CAFTA bot data: l10n/<lang>.json (a language overlay)'],
  ];
  return Object.fromEntries(
    entries.map(([name, schema, title]) => {
      const generated = z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any' });
      const json = { $schema: generated.$schema, title, ...generated };
      return [name, `${JSON.stringify(json, null, 2)}\n`];
    }),
  );
}
