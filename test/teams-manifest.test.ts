/**
 * The Teams app package: manifest valid against the v1.24 schema, real icons, and the zip that
 * `npm run teams:package` builds.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { buildTeamsPackage, fillManifest } from '../adapters/teams/package';
import { drawColorIcon, drawOutlineIcon } from '../adapters/teams/make-icons';
import { encodePng } from '../adapters/teams/png';
import { decodePng } from './support/png-decode';
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

describe('Teams icons', () => {
  const color = decodePng(readFileSync(join(dir, manifest.icons.color)));
  const outline = decodePng(readFileSync(join(dir, manifest.icons.outline)));

  it('color.png is a 192×192 full-colour, opaque image', () => {
    expect([color.width, color.height]).toEqual([192, 192]);
    const colours = new Set<string>();
    let notOpaque = 0;
    for (let i = 0; i < color.rgba.length; i += 4) {
      if (color.rgba[i + 3] !== 255) notOpaque++;
      colours.add(`${color.rgba[i]},${color.rgba[i + 1]},${color.rgba[i + 2]}`);
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
    expect([outline.width, outline.height]).toEqual([32, 32]);
    let white = 0;
    let transparent = 0;
    const otherColours: string[] = [];
    for (let i = 0; i < outline.rgba.length; i += 4) {
      const [r, g, b, a] = outline.rgba.subarray(i, i + 4);
      if (a === 0) transparent++;
      else if (r === 255 && g === 255 && b === 255) white++;
      else otherColours.push(`${r},${g},${b},${a}`);
    }
    expect(otherColours).toEqual([]);
    expect(white).toBeGreaterThan(50);
    expect(transparent).toBeGreaterThan(500);
  });

  it('the committed icons are what the committed script draws', () => {
    expect(readFileSync(join(dir, 'color.png')).equals(encodePng(drawColorIcon()))).toBe(true);
    expect(readFileSync(join(dir, 'outline.png')).equals(encodePng(drawOutlineIcon()))).toBe(true);
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
