/** Text and attribute values for HTML and SVG: every `&`, `<`, `>`, `"` and `'` escaped. */
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const esc = (value: string | number): string => String(value).replace(/[&<>"']/g, (c) => ENTITIES[c]);
