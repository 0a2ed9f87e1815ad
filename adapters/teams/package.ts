/**
 * `npm run teams:package`: builds the uploadable Teams app package — manifest.json with the app
 * id filled in from MICROSOFT_APP_ID, plus color.png and outline.png — as dist/cafta-teams.zip.
 */
import 'dotenv/config';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ZipFile } from 'yazl';
import { checkAppId, loadTeamsConfig } from './config';
import { CaftaError, isCaftaError } from '../../src/infra/errors';

export interface PackageOptions {
  /** The bot's Microsoft App ID (a GUID). */
  appId: string | undefined;
  /** Folder holding manifest.json, color.png and outline.png. */
  manifestDir: string;
  outFile: string;
}

/** Returns manifest.json with the app id set as both the app id and the bot id. */
export function fillManifest(template: string, appId: string | undefined): Record<string, unknown> {
  if (!appId) {
    throw new CaftaError(
      'config_invalid',
      "MICROSOFT_APP_ID is not set: set it to your Azure Bot's Microsoft App ID (a GUID) to build the Teams package",
    );
  }
  checkAppId(appId);
  const manifest = JSON.parse(template) as Record<string, unknown> & { bots?: Array<Record<string, unknown>> };
  manifest.id = appId;
  for (const bot of manifest.bots ?? []) bot.botId = appId;
  return manifest;
}

/** Writes the zip and resolves to its absolute path. */
export async function buildTeamsPackage(opts: PackageOptions): Promise<string> {
  const manifest = fillManifest(readFileSync(join(opts.manifestDir, 'manifest.json'), 'utf8'), opts.appId);
  const out = resolve(opts.outFile);
  mkdirSync(dirname(out), { recursive: true });
  const zip = new ZipFile();
  // Teams requires the three files at the root of the archive.
  zip.addBuffer(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), 'manifest.json');
  zip.addBuffer(readFileSync(join(opts.manifestDir, 'color.png')), 'color.png');
  zip.addBuffer(readFileSync(join(opts.manifestDir, 'outline.png')), 'outline.png');
  zip.end();
  await new Promise<void>((ok, fail) => {
    const stream = createWriteStream(out);
    stream.on('close', () => ok());
    stream.on('error', fail);
    zip.outputStream.on('error', fail).pipe(stream);
  });
  return out;
}

if (require.main === module) {
  const root = join(__dirname, '..', '..', '..');
  (async () => {
    const config = { teams: loadTeamsConfig(process.env) };
    const path = await buildTeamsPackage({
      appId: config.teams.appId,
      manifestDir: join(root, 'manifest', 'teams'),
      outFile: join(root, 'dist', 'cafta-teams.zip'),
    });
    process.stdout.write(`${path}\n`);
  })().catch((err: unknown) => {
    process.stderr.write(`teams:package failed: ${isCaftaError(err) ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
