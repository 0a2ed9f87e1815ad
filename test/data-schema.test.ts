/**
 * The editors' JSON Schemas (`data/schema/*.schema.json`) are generated from the zod schema the
 * bot validates with: the committed files must equal what the code generates, and they must
 * accept the real data and reject what the bot rejects (a misspelt field, a wrong enum).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { dataJsonSchemas, schemaFileName } from '../src/treaty/data-json-schema';
import { DATA_FILES } from '../src/treaty/data-validate';
import { FIXTURE_DATA_DIR, REAL_DATA_DIR } from './support/data-fixture';

const schemaDir = join(REAL_DATA_DIR, 'schema');
const generated = dataJsonSchemas();
const readJson = (p: string): unknown => JSON.parse(readFileSync(p, 'utf8'));

describe('data/schema/*.schema.json', () => {
  it('equals what the zod schema generates (run "cafta data schema" after changing it)', () => {
    expect(readdirSync(schemaDir).sort()).toEqual(Object.keys(generated).sort());
    for (const [name, text] of Object.entries(generated))
      expect(readFileSync(join(schemaDir, name), 'utf8')).toBe(text);
  });

  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const validator = (file: string) => ajv.compile(JSON.parse(generated[schemaFileName(file)]) as object);

  it.each([...DATA_FILES])('accepts the real and the fixture %s', (file) => {
    const validate = validator(file);
    for (const dir of [REAL_DATA_DIR, FIXTURE_DATA_DIR]) {
      expect(validate(readJson(join(dir, file)))).toBe(true);
    }
  });

  it('rejects a misspelt field and a wrong enum, as the loader does', () => {
    const milestones = readJson(join(FIXTURE_DATA_DIR, 'milestones.json')) as Array<Record<string, unknown>>;
    milestones[0].titel = 'x';
    expect(validator('milestones.json')(milestones)).toBe(false);
    const parties = readJson(join(FIXTURE_DATA_DIR, 'parties.json')) as Array<Record<string, unknown>>;
    parties[0].role = 'observer';
    expect(validator('parties.json')(parties)).toBe(false);
  });

  it('the object files point editors at their schema; the fixture overlay validates', () => {
    for (const file of ['meta.json', 'events.json', 'entry-into-force.json'])
      expect((readJson(join(REAL_DATA_DIR, file)) as { $schema?: string }).$schema).toBe(
        `./schema/${schemaFileName(file)}`,
      );
    const overlay = readJson(join(__dirname, 'fixtures', 'l10n', 'zh.json'));
    expect(validator('l10n/zh.json')(overlay)).toBe(true);
    const settings = readFileSync(join(__dirname, '..', '.vscode', 'settings.json'), 'utf8');
    for (const name of Object.keys(generated)) expect(settings).toContain(`./data/schema/${name}`);
  });
});
