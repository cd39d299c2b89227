import type { User } from '../../api-types';
import { useI18n } from '../../i18n';

/**
 * The person in charge of a project: one of the active staff (担当者, the evaluator role), the
 * project's own section first. Each name says where the person works and their e-mail, so two
 * people of the same name are told apart. A person already chosen who is no longer staff stays
 * shown (the API refuses them on saving, naming the row).
 */
export function PersonInChargeSelect({
  label,
  sectionId,
  users,
  value,
  onChange,
}: {
  label: string;
  sectionId: string;
  users: readonly User[];
  value: string;
  onChange: (userId: string) => void;
}) {
  const { t } = useI18n();
  const staffSections = (u: User) =>
    u.roles.filter((r) => r.role === 'evaluator' && r.scopeKind === 'section');
  const staff = users.filter((u) => u.active && u.roles.some((r) => r.role === 'evaluator'));
  const own = staff.filter((u) => staffSections(u).some((r) => r.scopeId === sectionId));
  const others = staff.filter((u) => !own.includes(u));
  const current =
    value && !staff.some((u) => u.id === value) ? users.find((u) => u.id === value) : undefined;
  const option = (u: User) => {
    const where = staffSections(u)
      .map((r) => r.scopeName ?? '')
      .filter((n) => n !== '')
      .join('・');
    return (
      <option key={u.id} value={u.id}>
        {u.displayName}（{where ? `${where}・` : ''}
        {u.email}）
      </option>
    );
  };
  return (
    <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{t('unassigned')}</option>
      {current && option(current)}
      {own.length > 0 && <optgroup label={t('staffOfSection')}>{own.map(option)}</optgroup>}
      {others.length > 0 && (
        <optgroup label={t('staffOfOtherSections')}>{others.map(option)}</optgroup>
      )}
    </select>
  );
}
