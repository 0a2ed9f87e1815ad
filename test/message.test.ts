/**
 * quoteUserText: user text quoted back is visible, single-line and short.
 */
import { quoteUserText } from '../src/text/message';

describe('quoteUserText', () => {
  it.each([
    ['control characters', 'a\u0000b\u0007c\nd', 'a b c d'],
    ['zero-width and bidi overrides', 'x\u200by\u202ez\u2066w', 'x y z w'],
    ['word joiner and BOM (as parsing strips them)', '\ufeffhi\u2060there', 'hi there'],
    ['runs of whitespace', '  a   b  ', 'a b'],
  ])('removes %s', (_name, input, expected) => {
    expect(quoteUserText(input)).toBe(expected);
  });

  it('caps the length at whole characters (emoji are never cut in half)', () => {
    const out = quoteUserText('🇻🇳'.repeat(50), 10);
    expect(Array.from(out)).toHaveLength(10);
    expect(out.endsWith('…')).toBe(true);
    expect(out).not.toMatch(/[\ud800-\udbff]…$/);
  });
});
