/**
 * Validators for what the Teams adapter produces: Adaptive Cards (schema 1.5, draft-06, plus the
 * adaptivecards library's own parser) and the Teams app manifest (v1.24, draft-04).
 * Schemas are the official files, vendored in test/schemas (see support/schemas.ts).
 */
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json';
import { schemaPath } from './schemas';

const readJson = (p: string): Record<string, unknown> => JSON.parse(readFileSync(p, 'utf8')) as Record<string, unknown>;

let cardValidator: ((card: unknown) => string[]) | undefined;

/** Errors of a card against the Adaptive Card 1.5 JSON schema ([] when valid). */
export function cardSchemaErrors(card: unknown): string[] {
  if (!cardValidator) {
    const ajv = new Ajv({ strict: false, allErrors: false });
    ajv.addMetaSchema(draft06);
    addFormats(ajv);
    const schema = readJson(schemaPath('adaptivecards', 'adaptive-card.1.5.schema.json'));
    // The file declares draft-06 but names itself with draft-04's `id`; Ajv 8 wants `$id`.
    const { id, ...rest } = schema;
    const validate = ajv.compile({ ...rest, $id: String(id) });
    cardValidator = (c) => (validate(c) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
  }
  return cardValidator(card);
}

interface AcLib {
  AdaptiveCard: new () => { parse(json: unknown, ctx: unknown): void; version?: { toString(): string } };
  SerializationContext: new () => {
    eventCount: number;
    getEventAt(i: number): { message: string; phase: number; event: number };
  };
}

/** Errors/warnings the adaptivecards library reports while parsing the card ([] when clean). */
export function cardLibraryErrors(card: unknown): string[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ac = require('adaptivecards/dist/adaptivecards.js') as AcLib;
  const parsed = new ac.AdaptiveCard();
  const ctx = new ac.SerializationContext();
  parsed.parse(card, ctx);
  const out: string[] = [];
  for (let i = 0; i < ctx.eventCount; i++) out.push(ctx.getEventAt(i).message);
  return out;
}

/** Errors of a manifest against the Teams manifest v1.24 schema ([] when valid). */
let manifestValidator: ((m: unknown) => string[]) | undefined;

export function manifestSchemaErrors(manifest: unknown): string[] {
  if (!manifestValidator) {
    const ajv = new AjvDraft04({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(readJson(schemaPath('teams', 'MicrosoftTeams.v1.24.schema.json')));
    manifestValidator = (m) =>
      validate(m) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  }
  return manifestValidator(manifest);
}

/** A card valid against the Adaptive Card 1.5 schema and clean for the adaptivecards parser, version 1.5. */
export function expectValidCard(card: unknown): void {
  expect(cardSchemaErrors(card)).toEqual([]);
  expect(cardLibraryErrors(card)).toEqual([]);
  expect((card as { version: string }).version).toBe('1.5');
}
