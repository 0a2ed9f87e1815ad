/**
 * The schema of `data/`, one zod schema per file. The treaty types in `model.ts` are inferred
 * from it, `data/schema/*.schema.json` is generated from it (editors complete and check the
 * files), and `data-validate.ts` runs it record by record, adding the checks that span files
 * (source ids, party codes, milestone ids). Descriptions here become the editors' hover text.
 */
import { z } from 'zod';

export const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const FORM = { day: DAY, month: /^\d{4}-\d{2}$/, year: /^\d{4}$/ } as const;
export const PRECISIONS = ['day', 'month', 'year'] as const;
export const RATIFICATION_KINDS = ['ratification', 'notification', 'entry-into-force'] as const;
export type PrecisionName = (typeof PRECISIONS)[number];

/** True when `date` is written as `precision` demands and is a real calendar date. */
export function isValidDate(date: string, precision: PrecisionName): boolean {
  if (!FORM[precision].test(date)) return false;
  const [y, m = 1, d = 1] = date.split('-').map(Number);
  if (m < 1 || m > 12) return false;
  const probe = new Date(Date.UTC(y, m - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
}

const text = (description: string) => z.string().regex(/\S/, { error: 'must be non-empty text' }).meta({ description });
const id = (description: string) =>
  z.string().regex(KEBAB, { error: 'use lower-case kebab-case such as "signing"' }).meta({ description });
const day = (description: string) =>
  z
    .string()
    .regex(DAY, { error: 'use YYYY-MM-DD' })
    .refine((d) => isValidDate(d, 'day'), { error: 'is not a calendar date' })
    .meta({ description });
const sourceIds = (description = 'Source ids from sources.json (at least one).') =>
  z.array(z.string()).min(1, { error: 'must not be empty' }).meta({ description });
/** `$schema`: lets an editor find the JSON Schema of an object file; ignored by the bot. */
const schemaRef = z.string().optional().meta({ description: 'Path of the JSON Schema, for editors.' });

export const precisionSchema = z
  .enum(PRECISIONS)
  .meta({ description: 'How precise the date is; a year must never be shown as a day.' });

export const dateValueSchema = z
  .strictObject({
    date: z.string().meta({ description: 'YYYY, YYYY-MM or YYYY-MM-DD, matching precision.' }),
    precision: precisionSchema,
    sources: sourceIds('Sources for this value.'),
    note: text('Qualifies this value, e.g. "scheduled for 1 Jul 2005".').optional(),
  })
  .superRefine((v, ctx) => {
    if (!isValidDate(v.date, v.precision)) {
      const form = v.precision === 'day' ? 'YYYY-MM-DD' : v.precision === 'month' ? 'YYYY-MM' : 'YYYY';
      ctx.addIssue({
        code: 'custom',
        path: ['date'],
        message: `"${v.date}" does not match precision "${v.precision}" (use ${form}, a real calendar date)`,
      });
    }
  });

export const datedFactSchema = z
  .strictObject({ values: z.array(dateValueSchema) })
  .meta({ description: 'One value; several when sources disagree (all kept, none picked); none = unknown.' });

export const metaSchema = z.strictObject({
  $schema: schemaRef,
  asOf: day('Date the data was last checked against public sources (YYYY-MM-DD).'),
  note: text('A remark for maintainers; not shown.').optional(),
});

export const sourceSchema = z.strictObject({
  id: id('Stable id records cite.'),
  title: text('Title shown to readers (a link when url is a full URL).'),
  url: z
    .string()
    .regex(/^\S+$/, { error: 'must not contain spaces' })
    .optional()
    .meta({ description: 'As found. A full URL (a page, not just a host) becomes a link.' }),
  publisher: text('Who published it.').optional(),
  published: text('Publication date as text, any precision.').optional(),
});

export const aseanSignatureSchema = z
  .strictObject({
    by: z.string().meta({ description: 'Party code of the ASEAN signatory, e.g. "MY".' }),
    milestone: z.string().meta({ description: 'Milestone id of the signing, e.g. "signing".' }),
  })
  .meta({ description: 'The Protocol was signed for ASEAN as a whole; the wording is derived from this.' });

export const partySchema = z
  .strictObject({
    code: z
      .string()
      .regex(/^[A-Z]{2}$/, { error: 'use the ISO 3166-1 alpha-2 code in upper case, e.g. "VN"' })
      .meta({ description: 'ISO 3166-1 alpha-2, upper case.' }),
    name: text('Full name.'),
    shortName: text('Short display name, e.g. "Viet Nam".'),
    aliases: z
      .array(
        z
          .string()
          .regex(/\S/, { error: 'must be non-empty text' })
          .refine((a) => a === a.trim().toLowerCase(), { error: 'must be lower case without outer spaces' }),
      )
      .meta({ description: 'Lower-case words users may type (ISO-3, names, Chinese names ...).' }),
    role: z.enum(['party', 'asean-member-not-party']),
    aseanMember: z.boolean(),
    signed: datedFactSchema
      .optional()
      .meta({ description: 'This party’s OWN signature; empty values when none was reported.' }),
    aseanSignature: aseanSignatureSchema.optional(),
    note: text('Shown with the party.').optional(),
    sources: sourceIds(),
  })
  .superRefine((p, ctx) => {
    if (p.role !== 'party' && (p.signed?.values.length ?? 0) > 0)
      ctx.addIssue({
        code: 'custom',
        path: ['signed'],
        message: 'a non-party cannot have a signature date; make it a party first',
      });
    if (p.aseanSignature && (!p.aseanMember || p.role !== 'party'))
      ctx.addIssue({
        code: 'custom',
        path: ['aseanSignature'],
        message: 'only an ASEAN member that is a party is covered by the signature for ASEAN',
      });
  });

export const milestoneSchema = z
  .strictObject({
    id: id('Stable id, e.g. "signing"; users can type it.'),
    title: text('Title.'),
    summary: text('One or two sentences, from the sources.'),
    date: datedFactSchema,
    place: text('Where it happened.').optional(),
    placeSources: sourceIds('Sources for the place, when they differ from the date’s.').optional(),
    keywords: z.array(text('A word users may type.')),
    people: z.array(text('Name (role).')).optional(),
    parties: z.array(z.string()).optional().meta({ description: 'Party codes it concerns, if not all.' }),
    anniversary: z
      .boolean()
      .optional()
      .meta({ description: 'false opts a single-day milestone out of reminders; true needs one day-precision date.' }),
    sources: sourceIds(),
  })
  .superRefine((m, ctx) => {
    const v = m.date.values;
    if (m.anniversary === true && (v.length !== 1 || v[0].precision !== 'day'))
      ctx.addIssue({
        code: 'custom',
        path: ['anniversary'],
        message: 'only a single day-precision date can have an anniversary',
      });
    if (m.placeSources && m.place === undefined)
      ctx.addIssue({ code: 'custom', path: ['placeSources'], message: 'needs a "place" to be the sources of' });
  });

export const areaSchema = z.strictObject({
  number: z
    .number()
    .int({ error: 'must be a whole number from 1 to 99' })
    .min(1, { error: 'must be a whole number from 1 to 99' })
    .max(99, { error: 'must be a whole number from 1 to 99' })
    .meta({ description: 'Position in the signing announcement’s list ("listed as"), not a chapter number.' }),
  name: text('Exactly as in the signing announcement.'),
  summary: text('What the chapter covers; null when no summary was found (the bot says so).').nullable(),
  isNew: z.boolean().meta({ description: 'A new area in 3.0 (not in earlier CAFTA instruments).' }),
  note: text('What little is known when there is no summary.').optional(),
  orderNote: z
    .strictObject({ text: text('How another official list orders this area.'), sources: sourceIds() })
    .optional(),
  sources: sourceIds(),
});

export const eventSchema = z
  .strictObject({
    id: z.string().meta({ description: '<party code>-<kind>, e.g. "vn-ratification"; alerts are keyed by it.' }),
    party: z.string().meta({ description: 'Party code.' }),
    kind: z.enum(RATIFICATION_KINDS),
    date: datedFactSchema,
    summary: text('Optional detail shown with the event.').optional(),
    sources: sourceIds(),
  })
  .superRefine((e, ctx) => {
    const expected = `${e.party.toLowerCase()}-${e.kind}`;
    if (e.id !== expected)
      ctx.addIssue({
        code: 'custom',
        path: ['id'],
        message: `must be "${expected}" (<party code>-<kind>), alerts are keyed by it`,
      });
  });

export const statementSchema = z.strictObject({
  id: id('Stable id.'),
  date: datedFactSchema,
  text: text('What was said, as reported.'),
  sources: sourceIds(),
});

export const rejectedSchema = z.strictObject({
  outlet: text('Who reported it.'),
  claim: text('What was claimed.'),
  reason: text('Why it is not used.'),
});

export const eventsFileSchema = z.strictObject({
  $schema: schemaRef,
  checkedOn: day('When ratifications, notifications and entries into force were last looked for.'),
  events: z.array(eventSchema).meta({ description: 'Write with "cafta data record", not by hand.' }),
  statements: z.array(statementSchema).optional(),
  rejected: z.array(rejectedSchema).optional(),
});

const days = (max: number, what: string) =>
  z
    .number()
    .int({ error: `must be a whole number from 0 to ${max}` })
    .min(0, { error: `must be a whole number from 0 to ${max}` })
    .max(max, { error: `must be a whole number from 0 to ${max}` })
    .meta({ description: what });

export const ruleSchema = z.discriminatedUnion('model', [
  z.strictObject({ model: z.literal('unknown') }),
  z.strictObject({ model: z.literal('fixed-date'), date: day('The fixed date of entry into force.') }),
  z.strictObject({
    model: z.literal('per-party'),
    daysAfterNotification: days(3650, 'Each party N days after it notifies the depositary.'),
  }),
  z.strictObject({
    model: z.literal('threshold'),
    threshold: z
      .number()
      .int({ error: 'must be a whole number from 1 to 11' })
      .min(1, { error: 'must be a whole number from 1 to 11' })
      .max(11, { error: 'must be a whole number from 1 to 11' }),
    aseanMinimum: z
      .number()
      .int({ error: 'must be a whole number from 1 to 10' })
      .min(1, { error: 'must be a whole number from 1 to 10' })
      .max(10, { error: 'must be a whole number from 1 to 10' })
      .optional(),
    days: days(3650, 'Days after the threshold notification.'),
  }),
]);

export const depositarySchema = z.strictObject({
  name: text('Who holds the instruments, e.g. "Secretary-General of ASEAN".'),
  basis: z.enum(['stated-in-protocol', 'inferred-from-earlier-instruments']),
  sources: sourceIds(),
});

export const entryIntoForceSchema = z.strictObject({
  $schema: schemaRef,
  rule: ruleSchema.meta({
    description:
      'How the Protocol enters into force. Record the clause here as a rule once it is found; the bot then projects the date.',
  }),
  article: text('Article reference once known.').optional(),
  depositary: depositarySchema,
  checkedOn: day('When the clause was last looked for.'),
  note: text('What is known about the clause, shown to readers while it is unknown (no maintainer instructions here).'),
  sources: sourceIds(),
});

/** Every file of `data/` (besides the optional `l10n/<lang>.json` overlays) and its schema. */
export const FILE_SCHEMAS = {
  'meta.json': metaSchema,
  'sources.json': z.array(sourceSchema),
  'parties.json': z.array(partySchema),
  'milestones.json': z.array(milestoneSchema),
  'areas.json': z.array(areaSchema),
  'events.json': eventsFileSchema,
  'entry-into-force.json': entryIntoForceSchema,
} as const;
