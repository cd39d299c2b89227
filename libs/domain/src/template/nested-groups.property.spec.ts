import fc from 'fast-check';
import { diffContent } from '../diff/diff';
import { flatColumns, flattenContent, unflattenRow } from '../publication/flat';
import { projectPublication } from '../publication/projection';
import { NESTED_TEMPLATE } from '../testing/nested-groups';
import { validateDraft, validateForSubmit } from '../validation/validate';
import { parseTemplate } from './parse';

/** Fixed, so a failure reproduces; fast-check prints it with the counterexample. */
const SEED = Number(process.env['HYOKA_PROPERTY_SEED'] ?? 20_261_204);
const RUNS = { seed: SEED, numRuns: 200 };
const FY = 2026;

const parsed = parseTemplate(NESTED_TEMPLATE);
if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
const template = parsed.template;

interface Activity {
  id: string;
  values: { title?: string; planned?: number; done?: number; status?: string; why?: string };
}
interface Sub {
  id: string;
  values: { name?: string; activities?: Activity[] };
}

// Ids from a small pool, so two generated contents share items (changed, added, removed).
const activity: fc.Arbitrary<Activity> = fc.record({
  id: fc.constantFrom('a1', 'a2', 'a3', 'a4', 'a5'),
  values: fc.record(
    {
      title: fc.constantFrom('', '相談会', '訪問', 'talk'),
      planned: fc.integer({ min: 0, max: 1000 }),
      done: fc.integer({ min: 0, max: 1000 }),
      status: fc.constantFrom('on_track', 'late'),
      why: fc.constantFrom('', '人手不足'),
    },
    { requiredKeys: [] },
  ),
});
const sub: fc.Arbitrary<Sub> = fc.record({
  id: fc.constantFrom('s1', 's2', 's3'),
  values: fc.record(
    {
      name: fc.constantFrom('', '子育て', '講座'),
      activities: fc.uniqueArray(activity, { selector: (a) => a.id, maxLength: 5 }),
    },
    { requiredKeys: [] },
  ),
});
const content = fc
  .uniqueArray(sub, { selector: (s) => s.id, maxLength: 3 })
  .map((subs) => ({ projects: { subs } }));

const blank = (v: unknown) => v === undefined || v === '';

/** The submit errors the rules predict, as `path:code`. */
function expectedErrors(subs: readonly Sub[]): string[] {
  const out: string[] = [];
  if (subs.length < 1) out.push('projects.subs:too_few_items');
  for (const s of subs) {
    const base = `projects.subs.${s.id}`;
    if (blank(s.values.name)) out.push(`${base}.name:required`);
    const acts = s.values.activities ?? [];
    if (acts.length < 1) out.push(`${base}.activities:too_few_items`);
    if (acts.length > 3) out.push(`${base}.activities:too_many_items`);
    for (const a of acts) {
      if (blank(a.values.title)) out.push(`${base}.activities.${a.id}.title:required`);
      if (a.values.status === 'late' && blank(a.values.why))
        out.push(`${base}.activities.${a.id}.why:required`);
    }
  }
  return out.sort();
}

/** Paths of the typed leaves that differ between two contents. */
function changedLeaves(before: readonly Sub[], after: readonly Sub[]): string[] {
  const leaves = (subs: readonly Sub[]) => {
    const m = new Map<string, unknown>();
    for (const s of subs) {
      if (!blank(s.values.name)) m.set(`projects.subs.${s.id}.name`, s.values.name);
      for (const a of s.values.activities ?? [])
        for (const [k, v] of Object.entries(a.values))
          if (!blank(v)) m.set(`projects.subs.${s.id}.activities.${a.id}.${k}`, v);
    }
    return m;
  };
  const b = leaves(before);
  const a = leaves(after);
  const keys = new Set([...b.keys(), ...a.keys()]);
  return [...keys].filter((k) => b.get(k) !== a.get(k)).sort();
}

describe('nested groups, over generated contents', () => {
  it('a draft of well-typed nested items passes; submitting reports exactly the broken rules at their nested paths', () => {
    fc.assert(
      fc.property(content, (c) => {
        expect(validateDraft(template, c, { fiscalYear: FY }).errors).toEqual([]);
        const errors = validateForSubmit(template, c, {
          fiscalYear: FY,
          stage: 'self_evaluation',
        }).errors;
        expect(errors.map((e) => `${e.path.join('.')}:${e.code}`).sort()).toEqual(
          expectedErrors(c.projects.subs),
        );
        for (const e of errors) {
          expect(e.message.ja).not.toBe('');
          expect(e.message.en).not.toBe('');
        }
      }),
      RUNS,
    );
  });

  it('the diff lists exactly the changed nested values, each once, and nothing between equal contents', () => {
    fc.assert(
      fc.property(content, content, (before, after) => {
        expect(diffContent(template, before, before, { fiscalYear: FY, locale: 'ja' })).toEqual([]);
        const changes = diffContent(template, before, after, { fiscalYear: FY, locale: 'ja' });
        expect(changes.map((ch) => ch.path.join('.')).sort()).toEqual(
          changedLeaves(before.projects.subs, after.projects.subs),
        );
        for (const ch of changes) expect(ch.label).toMatch(/^細事業一覧 細事業\d+ \/ /);
      }),
      RUNS,
    );
  });

  it('flat rows of published nested content read back to the same content', () => {
    fc.assert(
      fc.property(content, (c) => {
        const p = projectPublication(template, c, { fiscalYear: FY });
        const columns = flatColumns(template, FY, [p.content]);
        const row = flattenContent(template, columns, p.content, p.computed);
        const back = unflattenRow(template, columns, row, () => null);
        expect(back.errors).toEqual([]);
        // Read back: every typed, non-empty value (empty ones are not written to a cell).
        expect(changedLeaves(c.projects.subs, subsOf(back.content))).toEqual([]);
      }),
      RUNS,
    );
  });
});

function subsOf(content: unknown): Sub[] {
  const c = content as { projects?: { subs?: Sub[] } };
  return c.projects?.subs ?? [];
}
