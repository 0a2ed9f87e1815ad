/**
 * Compiles one ICU message into a function of its values, once. intl-messageformat parses it;
 * the shapes the catalogs use — text, `{arg}`, `select`, `plural`/`selectordinal` with `#` — are
 * then formatted by a small closure tree (a status answer formats ~100 messages, and the
 * library's general formatter was most of its cost). Anything else (number/date styles, tags)
 * is formatted by intl-messageformat itself, with the same results.
 */
import { IntlMessageFormat } from 'intl-messageformat';

export type MessageValues = Record<string, string | number | Date>;

type Element = ReturnType<IntlMessageFormat['getAst']>[number];
/** A compiled piece: its text for these values (`pound`: the number `#` stands for, inside a plural). */
type Piece = (values: MessageValues, pound: string | undefined) => string;

const pluralRules = new Map<string, Intl.PluralRules>();
const numberFormats = new Map<string, Intl.NumberFormat>();
const rulesFor = (locale: string, type: 'cardinal' | 'ordinal'): Intl.PluralRules => {
  const id = `${locale}|${type}`;
  let r = pluralRules.get(id);
  if (!r) {
    r = new Intl.PluralRules(locale, { type });
    pluralRules.set(id, r);
  }
  return r;
};
const numberFor = (locale: string): Intl.NumberFormat => {
  let f = numberFormats.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(locale);
    numberFormats.set(locale, f);
  }
  return f;
};

const valueOf = (values: MessageValues, name: string): string | number | Date => {
  const v = values[name];
  if (v === undefined) throw new Error(`The message needs a value for "${name}"`);
  return v;
};

/** True when every element (and every option's elements) is one of the shapes compiled here. */
function simple(els: Element[]): boolean {
  return els.every((el) => {
    if (el.type === 0 || el.type === 1 || el.type === 7) return true;
    if (el.type === 5 || el.type === 6)
      return Object.values((el as { options: Record<string, { value: Element[] }> }).options).every((o) =>
        simple(o.value),
      );
    return false;
  });
}

function compileElements(els: Element[], locale: string): Piece {
  const pieces = els.map((el) => compileElement(el, locale));
  return (values, pound) => {
    let out = '';
    for (const p of pieces) out += p(values, pound);
    return out;
  };
}

function compileElement(el: Element, locale: string): Piece {
  switch (el.type) {
    case 0: {
      const text = el.value;
      return () => text;
    }
    case 1: {
      const name = el.value;
      return (values) => String(valueOf(values, name));
    }
    case 7:
      return (_values, pound) => pound ?? '#';
    case 5: {
      const name = el.value;
      const options = Object.fromEntries(
        Object.entries(el.options).map(([k, o]) => [k, compileElements(o.value, locale)]),
      );
      return (values, pound) => {
        const chosen = options[String(valueOf(values, name))] ?? options.other;
        if (!chosen) throw new Error(`No option for "${name}"`);
        return chosen(values, pound);
      };
    }
    case 6: {
      const name = el.value;
      const offset = el.offset ?? 0;
      const rules = rulesFor(locale, el.pluralType === 'ordinal' ? 'ordinal' : 'cardinal');
      const options = Object.fromEntries(
        Object.entries(el.options).map(([k, o]) => [k, compileElements(o.value, locale)]),
      );
      return (values) => {
        const n = Number(valueOf(values, name));
        const chosen = options[`=${n}`] ?? options[rules.select(n - offset)] ?? options.other;
        if (!chosen) throw new Error(`No plural option for "${name}"`);
        return chosen(values, numberFor(locale).format(n - offset));
      };
    }
    default:
      throw new Error('not a simple element');
  }
}

/** The message's formatter, and whether it is plain text (the same for every value). */
export function compileMessage(
  source: string,
  locale: string,
): { plain: boolean; format: (values?: MessageValues) => string } {
  // `ignoreTag`: "<name | code>" in usage text is text, not a rich-text tag.
  const mf = new IntlMessageFormat(source, locale, undefined, { ignoreTag: true });
  const ast = mf.getAst();
  if (ast.every((el) => el.type === 0)) {
    const text = ast.map((el) => (el as { value: string }).value).join('');
    return { plain: true, format: () => text };
  }
  if (!simple(ast)) return { plain: false, format: (values) => String(mf.format(values)) };
  const piece = compileElements(ast, locale);
  return { plain: false, format: (values = {}) => piece(values, undefined) };
}
