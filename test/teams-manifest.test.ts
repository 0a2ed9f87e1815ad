/**
 * The Teams app package: manifest valid against the v1.24 schema, real icons, and the zip that
 * `npm run teams:package` builds.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { buildTeamsPackage, fillManifest } from '../adapters/teams/package';
import { Resvg } from '@resvg/resvg-js';
import { manifestSchemaErrors } from './support/teams-schemas';

const dir = join(__dirname, '..', 'manifest', 'teams');
const template = readFileSync(join(dir, 'manifest.json'), 'utf8');
const manifest = JSON.parse(template) as {
  $schema: string;
  manifestVersion: string;
  id: string;
  icons: { color: string; outline: string };
  bots: Array<{
    botId: string;
    scopes: string[];
    commandLists: Array<{ scopes: string[]; commands: Array<{ title: string }> }>;
  }>;
};
const GRAMMAR = [
  'help',
  'status',
  'party',
  'timeline',
  'milestone',
  'areas',
  'area',
  'next',
  'subscribe',
  'unsubscribe',
  'subscriptions',
  'digest',
];
const APP_ID = '12345678-abcd-4ef0-9abc-0123456789ab';

describe('Teams manifest', () => {
  it('is valid against the Teams v1.24 schema', () => {
    expect(manifest.$schema).toBe(
      'https://developer.microsoft.com/en-us/json-schemas/teams/v1.24/MicrosoftTeams.schema.json',
    );
    expect(manifestSchemaErrors(manifest)).toEqual([]);
  });

  it('the validator really rejects broken manifests', () => {
    expect(manifestSchemaErrors({ ...manifest, manifestVersion: '1.23' })).not.toEqual([]);
    expect(manifestSchemaErrors({ ...manifest, id: 'not-a-guid' })).not.toEqual([]);
    expect(manifestSchemaErrors({ ...manifest, bots: [{ ...manifest.bots[0], scopes: ['everywhere'] }] })).not.toEqual(
      [],
    );
  });

  it('offers the bot in personal, team and group chat scopes with the whole grammar in each', () => {
    const bot = manifest.bots[0];
    expect([...bot.scopes].sort()).toEqual(['groupChat', 'personal', 'team']);
    expect(bot.commandLists.map((l) => l.scopes.join()).sort()).toEqual(['groupChat', 'personal', 'team']);
    for (const list of bot.commandLists) expect(list.commands.map((c) => c.title)).toEqual(GRAMMAR);
  });

  it('keeps placeholder ids in the committed file and fills them from the app id', () => {
    expect(manifest.id).toBe('00000000-0000-0000-0000-000000000000');
    const filled = fillManifest(template, APP_ID) as typeof manifest;
    expect(filled.id).toBe(APP_ID);
    expect(filled.bots[0].botId).toBe(APP_ID);
    expect(manifestSchemaErrors(filled)).toEqual([]);
  });

  it('refuses to fill without a valid app id, saying what to set', () => {
    expect(() => fillManifest(template, undefined)).toThrow(/MICROSOFT_APP_ID is not set/);
    expect(() => fillManifest(template, 'my-bot')).toThrow(/MICROSOFT_APP_ID must be a GUID/);
  });
});

/** Size, bit depth and colour type from a PNG's IHDR chunk (always the first, right after the signature). */
function pngHeader(png: Buffer): { width: number; height: number; bitDepth: number; colourType: number } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.toString('ascii', 12, 16)).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20), bitDepth: png[24], colourType: png[25] };
}

/** The image's RGBA pixels at its own size, as an SVG renderer draws it (resvg decodes the PNG). */
function pixelsOf(png: Buffer, size: number): Uint8Array {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${size}" height="${size}"><image width="${size}" height="${size}" xlink:href="data:image/png;base64,${png.toString('base64')}"/></svg>`;
  return new Resvg(svg).render().pixels;
}

describe('Teams icons', () => {
  const color = readFileSync(join(dir, manifest.icons.color));
  const outline = readFileSync(join(dir, manifest.icons.outline));

  it('color.png is a 192×192 full-colour, opaque image', () => {
    // Colour type 2 (RGB) or 6 (RGBA), 8 bits per channel: a full-colour image, not greyscale or a palette.
    expect(pngHeader(color)).toMatchObject({ width: 192, height: 192, bitDepth: 8 });
    expect([2, 6]).toContain(pngHeader(color).colourType);
    const rgba = pixelsOf(color, 192);
    const colours = new Set<string>();
    let notOpaque = 0;
    for (let i = 0; i < rgba.length; i += 4) {
      if (rgba[i + 3] !== 255) notOpaque++;
      colours.add(`${rgba[i]},${rgba[i + 1]},${rgba[i + 2]}`);
    }
    expect(notOpaque).toBe(0);
    expect(colours.size).toBeGreaterThan(16);
    // Not greyscale: some pixel has clearly different channels.
    expect(
      [...colours].some((c) => {
        const [r, g, b] = c.split(',').map(Number);
        return Math.max(r, g, b) - Math.min(r, g, b) > 100;
      }),
    ).toBe(true);
  });

  it('outline.png is 32×32, white on transparent', () => {
    // Colour type 6: RGBA, so it can be transparent.
    expect(pngHeader(outline)).toEqual({ width: 32, height: 32, bitDepth: 8, colourType: 6 });
    const rgba = pixelsOf(outline, 32);
    let white = 0;
    let transparent = 0;
    const otherColours: string[] = [];
    for (let i = 0; i < rgba.length; i += 4) {
      const [r, g, b, a] = rgba.subarray(i, i + 4);
      if (a === 0) transparent++;
      else if (r === 255 && g === 255 && b === 255 && a === 255) white++;
      else otherColours.push(`${r},${g},${b},${a}`);
    }
    expect(otherColours).toEqual([]);
    expect(white).toBeGreaterThan(50);
    expect(transparent).toBeGreaterThan(500);
  });
});

describe('npm run teams:package', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'cafta-teams-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('builds a zip with exactly manifest.json (app id filled), color.png and outline.png', async () => {
    const path = await buildTeamsPackage({
      appId: APP_ID,
      manifestDir: dir,
      outFile: join(tmp, 'out', 'cafta-teams.zip'),
    });
    expect(path).toBe(join(tmp, 'out', 'cafta-teams.zip'));
    const zip = await JSZip.loadAsync(readFileSync(path));
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const inZip = JSON.parse(await zip.file('manifest.json')!.async('string')) as typeof manifest;
    expect(inZip.id).toBe(APP_ID);
    expect(inZip.bots[0].botId).toBe(APP_ID);
    expect(manifestSchemaErrors(inZip)).toEqual([]);
    expect((await zip.file('color.png')!.async('nodebuffer')).equals(readFileSync(join(dir, 'color.png')))).toBe(true);
    expect((await zip.file('outline.png')!.async('nodebuffer')).equals(readFileSync(join(dir, 'outline.png')))).toBe(
      true,
    );
  });

  it('fails clearly without an app id and writes nothing', async () => {
    await expect(
      buildTeamsPackage({ appId: undefined, manifestDir: dir, outFile: join(tmp, 'none.zip') }),
    ).rejects.toThrow(/MICROSOFT_APP_ID/);
    expect(() => readFileSync(join(tmp, 'none.zip'))).toThrow();
  });
});
