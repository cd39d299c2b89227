import { useId, useState } from 'react';
import type { User } from '../../api-types';
import { useI18n } from '../../i18n';

/** Lower case, full-width folded (NFKC) and without spaces: 「担当一郎」 finds 「担当 一郎」. */
function folded(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

/**
 * The person in charge of a project (or of a sheet's open step): one of the active people holding
 * `role` (default: staff, 担当者, the evaluator role), those of the project's section first. Each
 * name says where the person works and their e-mail, so two people of the same name are told
 * apart. A search box above the list narrows it by name, section or e-mail (Enter picks the only
 * match). A person already chosen who no longer qualifies stays shown (the API refuses them on
 * saving, naming the row).
 */
export function PersonInChargeSelect({
  label,
  searchLabel,
  sectionId,
  users,
  value,
  onChange,
  role = 'evaluator',
  emptyLabel,
}: {
  /** The list's accessible name (e.g. 担当者: P00001 試験事業). */
  label: string;
  /** The search box's accessible name; must not contain `label` (tests find each by its own). */
  searchLabel: string;
  sectionId: string;
  users: readonly User[];
  value: string;
  onChange: (userId: string) => void;
  role?: string;
  /** The first, empty choice (default 「（未定）」). */
  emptyLabel?: string;
}) {
  const { t } = useI18n();
  const id = useId();
  const [query, setQuery] = useState('');
  const rolesOf = (u: User) => u.roles.filter((r) => r.role === role);
  const qualified = users.filter((u) => u.active && rolesOf(u).length > 0);
  const whereOf = (u: User) =>
    rolesOf(u)
      .filter((r) => r.scopeKind === 'section')
      .map((r) => r.scopeName ?? '')
      .filter((n) => n !== '')
      .join('・');
  const wanted = folded(query);
  const matches = (u: User) =>
    wanted === '' ||
    [u.displayName, u.email, whereOf(u)].some((text) => folded(text).includes(wanted));
  const shown = qualified.filter(matches);
  const own = shown.filter((u) =>
    rolesOf(u).some((r) => r.scopeKind === 'section' && r.scopeId === sectionId),
  );
  const others = shown.filter((u) => !own.includes(u));
  // The chosen person stays listed (and selected) whatever the search says.
  const current =
    value && !shown.some((u) => u.id === value) ? users.find((u) => u.id === value) : undefined;
  const option = (u: User) => {
    const where = whereOf(u);
    return (
      <option key={u.id} value={u.id}>
        {u.displayName}（{where ? `${where}・` : ''}
        {u.email}）
      </option>
    );
  };
  return (
    <span className="person-picker">
      <input
        type="search"
        aria-label={searchLabel}
        aria-describedby={`${id}-n`}
        placeholder={t('staffSearchPlaceholder')}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key !== 'Enter') return;
          // Enter never submits the surrounding form; with one match it picks that person.
          e.preventDefault();
          if (shown.length === 1) onChange(shown[0]!.id);
        }}
      />
      <span id={`${id}-n`} className="visually-hidden" aria-live="polite">
        {wanted ? t('staffMatches', { n: shown.length }) : ''}
      </span>
      <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{emptyLabel ?? t('unassigned')}</option>
        {current && option(current)}
        {own.length > 0 && <optgroup label={t('staffOfSection')}>{own.map(option)}</optgroup>}
        {others.length > 0 && (
          <optgroup label={t('staffOfOtherSections')}>{others.map(option)}</optgroup>
        )}
      </select>
    </span>
  );
}
