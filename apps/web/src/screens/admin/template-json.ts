/**
 * A template's definition as JSON a person reads (PostgreSQL's jsonb keeps its own key order):
 * shown on a version's page and as the start of a copy or a new version.
 */

/** Keys shown first and last in a template's JSON (PostgreSQL's jsonb keeps its own key order). */
const FIRST_KEYS = [
  'schemaVersion',
  'key',
  'id',
  'version',
  'type',
  'kind',
  'mode',
  'op',
  'title',
  'label',
  'name',
  'itemLabel',
  'description',
  'help',
  'role',
  'optional',
  'visibility',
  'editableAt',
  'required',
];
const LAST_KEYS = [
  'pipeline',
  'options',
  'items',
  'rows',
  'columns',
  'fields',
  'blocks',
  'carryForward',
];

/** The definition as JSON a person reads: identity and labels first, nested lists last. */
export function readableJson(value: unknown): string {
  const rank = (k: string) => {
    const first = FIRST_KEYS.indexOf(k);
    if (first >= 0) return first - FIRST_KEYS.length;
    const last = LAST_KEYS.indexOf(k);
    return last >= 0 ? 1 + last : 0;
  };
  const order = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(order);
    if (v === null || typeof v !== 'object') return v;
    const entries = Object.entries(v as Record<string, unknown>);
    // A stable sort: keys of equal rank keep their order.
    entries.sort(([a], [b]) => rank(a) - rank(b));
    return Object.fromEntries(entries.map(([k, x]) => [k, order(x)]));
  };
  return JSON.stringify(order(value), null, 2);
}
