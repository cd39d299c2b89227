/**
 * The digest lists a person's tasks of every evaluation programme in one mail, grouped by
 * programme (事務事業評価, 施策評価 …) in the government's order. Pure.
 */

/** A task's programme as a mail names it. */
export interface MailProgramme {
  readonly code: string;
  readonly name: { readonly ja: string; readonly en: string };
  readonly isDefault: boolean;
  /** The programmes' order (their sort order). */
  readonly order: number;
}

/**
 * Lines grouped by programme, in the programmes' order. The groups name their programme only when
 * it says something: a person whose tasks are all of the default programme (every government
 * before it had several) reads the mail as before, without a programme heading.
 */
export function groupByProgramme<L extends { readonly programme?: MailProgramme | undefined }>(
  lines: readonly L[],
): { programme: MailProgramme | null; lines: L[] }[] {
  const groups = new Map<string, { programme: MailProgramme | undefined; lines: L[] }>();
  for (const line of lines) {
    const key = line.programme?.code ?? '';
    const group = groups.get(key) ?? { programme: line.programme, lines: [] };
    group.lines.push(line);
    groups.set(key, group);
  }
  const list = [...groups.values()].sort(
    (a, b) =>
      (a.programme?.order ?? -1) - (b.programme?.order ?? -1) ||
      (a.programme?.code ?? '').localeCompare(b.programme?.code ?? ''),
  );
  const named = list.some((g) => g.programme && !g.programme.isDefault);
  return list.map((g) => ({ programme: named ? (g.programme ?? null) : null, lines: g.lines }));
}
