/**
 * Dependencies point inward: the core (src/) knows no platform, SDK or HTTP framework.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const importsOf = (source: string): string[] =>
  [...source.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]);

describe('architecture', () => {
  const core = files(join(root, 'src'));

  it('finds the core files', () => {
    expect(core.length).toBeGreaterThan(5);
  });

  it.each(core.map((f) => [relative(root, f), f]))(
    '%s imports no adapter, platform SDK or web framework',
    (_name, file) => {
      const bad = importsOf(readFileSync(file, 'utf8')).filter((spec) =>
        /(^|\/)adapters(\/|$)|^@slack\/|^botbuilder|^botframework|^express|^restify/.test(spec),
      );
      expect(bad).toEqual([]);
    },
  );

  it.each(core.map((f) => [relative(root, f), f]))('%s does not name a platform in code', (_name, file) => {
    // Comments may mention platforms; code may not branch on them.
    const code = readFileSync(file, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\/\/.*$/gm, '');
    expect(code).not.toMatch(/['"`](slack|teams|msteams)['"`]/i);
  });

  it.each(core.map((f) => [relative(root, f), f]))(
    '%s reads no platform setting and names no platform SDK',
    (_name, file) => {
      // Platform configuration lives with its adapter (adapters/<platform>/config.ts), comments included.
      expect(readFileSync(file, 'utf8')).not.toMatch(/SLACK_|MICROSOFT_|botbuilder|botframework/i);
    },
  );

  it('only adapters/teams/gateway.ts imports botbuilder', () => {
    const all = [...files(join(root, 'adapters')), ...core];
    const importers = all.filter((f) =>
      importsOf(readFileSync(f, 'utf8')).some((s) => /^botbuilder|^botframework/.test(s)),
    );
    expect(
      importers.map((f) => relative(root, f)).filter((f) => f !== join('adapters', 'teams', 'gateway.ts')),
    ).toEqual([]);
  });
});
