import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import type { Me } from '../../api';
import {
  orgApi,
  ROLE_NAMES,
  usersApi,
  type Department,
  type RoleName,
  type Section,
  type User,
  type UserRole,
} from '../../api-admin';
import { unitName } from '../../admin-kit/checks';
import { AdminForm, FormErrors, useFormState } from '../../admin-kit/form';
import {
  ActiveFilter,
  FilterForm,
  ListTable,
  SearchFilter,
  UnitFilter,
  useFilters,
  type ActiveChoice,
} from '../../admin-kit/list';
import { AdminNav } from '../../admin-kit/nav';
import { Announce, Crumbs, ErrorBox, useAdminQuery, useTitle } from '../../admin-kit/page';
import { queryKeys } from '../../query';
import { dateTimeText, roleText } from '../../format';
import { useI18n, type MessageKey, type Translate } from '../../i18n';
import { linkClick, navigate, paths } from '../../router';
import { MIN_PASSWORD, NO_PASSWORDS, PasswordFields, passwordIssues } from './password-fields';
import { UserForm } from './user-form';

/**
 * People: a searchable, filterable list; create with roles and their scopes (government,
 * department or section); edit; deactivate / reactivate; set a password (which ends the person's
 * sessions; the API says why a password is refused); end a sign-in lock. The API never returns
 * password hashes, only whether one is set.
 */

const loadUnits = () => Promise.all([orgApi.departments(), orgApi.sections()]);

/** Notices carried to the next screen (created → the new user's page). */
const pendingNotice = new Map<string, MessageKey>();

function scopeText(
  r: Pick<UserRole, 'scopeKind' | 'scopeId' | 'scopeName'>,
  units: { departments: readonly Department[]; sections: readonly Section[] },
  locale: 'ja' | 'en',
  t: Translate,
): string {
  if (r.scopeKind === 'government') return t('scopeGovernment');
  const list: readonly Department[] =
    r.scopeKind === 'department' ? units.departments : units.sections;
  const unit = list.find((u) => u.id === r.scopeId);
  return unit ? unitName(unit, locale) : (r.scopeName ?? r.scopeId);
}

// ---------------------------------------------------------------- list

interface Filters {
  readonly q: string;
  readonly active: ActiveChoice;
  readonly role: '' | RoleName;
  readonly sectionId: string;
}
const NO_FILTERS: Filters = { q: '', active: '', role: '', sectionId: '' };

export function AdminUsersScreen({ me }: { me: Me }) {
  const { t, locale } = useI18n();
  useTitle(t('usersTitle'));
  const units = useAdminQuery(queryKeys.admin('units'), loadUnits);
  const [departments, sections] = units.data ?? [[], []];
  const { draft, change, applied, apply } = useFilters(NO_FILTERS);
  const load = useCallback(
    () =>
      usersApi.list({
        ...(applied.q.trim() ? { q: applied.q.trim() } : {}),
        ...(applied.active ? { active: applied.active === 'true' } : {}),
      }),
    [applied.q, applied.active],
  );
  const list = useAdminQuery(queryKeys.admin('users', applied.q.trim(), applied.active), load);
  // Role and section filter here (the API filters by text and active only): a section matches
  // roles scoped to it or to its department.
  const users = useMemo(() => {
    const section = sections.find((s) => s.id === applied.sectionId);
    return (list.data ?? []).filter(
      (u) =>
        (!applied.role || u.roles.some((r) => r.role === applied.role)) &&
        (!section ||
          u.roles.some(
            (r) =>
              (!applied.role || r.role === applied.role) &&
              (r.scopeId === section.id || r.scopeId === section.departmentId),
          )),
    );
  }, [list.data, applied, sections]);

  return (
    <section className="panel admin">
      <AdminNav me={me} />
      <h1>{t('usersTitle')}</h1>
      <ErrorBox error={units.error ?? list.error} />
      <FilterForm onSubmit={apply}>
        <SearchFilter
          id="user-q"
          label={t('searchNameEmail')}
          value={draft.q}
          onChange={(q) => change({ q })}
        />
        <div className="form-row">
          <label htmlFor="user-role">{t('role')}</label>
          <select
            id="user-role"
            value={draft.role}
            onChange={(e) => change({ role: e.target.value as Filters['role'] })}
          >
            <option value="">{t('allRoles')}</option>
            {ROLE_NAMES.map((r) => (
              <option key={r} value={r}>
                {roleText(r, locale)}
              </option>
            ))}
          </select>
        </div>
        <UnitFilter
          id="user-section"
          label={t('section')}
          allLabel={t('allSections')}
          units={sections}
          value={draft.sectionId}
          onChange={(sectionId) => change({ sectionId })}
        />
        <ActiveFilter
          id="user-active"
          value={draft.active}
          onChange={(active) => change({ active })}
        />
      </FilterForm>
      <p className="toolbar">
        <span role="status" data-testid="user-count">
          {list.data === null ? t('loading') : t('countN', { n: users.length })}
        </span>
        <a className="button-link" href={paths.adminUserNew()} onClick={linkClick}>
          {t('addUser')}
        </a>
      </p>
      <ListTable
        testId="users"
        caption={t('usersTitle')}
        columns={[
          t('displayName'),
          t('email'),
          t('roles'),
          t('language'),
          t('passwordState'),
          t('activeState'),
        ]}
      >
        {users.map((u) => (
          <tr key={u.id} className={u.active ? undefined : 'row-inactive'}>
            <th scope="row">
              <a href={paths.adminUser(u.id)} onClick={linkClick}>
                {u.displayName}
              </a>
            </th>
            <td>{u.email}</td>
            <td>
              {u.roles.length === 0
                ? t('noRoles')
                : u.roles
                    .map(
                      (r) =>
                        `${roleText(r.role, locale)}（${scopeText(r, { departments, sections }, locale, t)}）`,
                    )
                    .join('、')}
            </td>
            <td>{u.locale === 'ja' ? '日本語' : 'English'}</td>
            <td>{u.hasPassword ? t('passwordSet') : t('passwordNotSet')}</td>
            <td>{u.active ? t('activeYes') : t('activeNo')}</td>
          </tr>
        ))}
      </ListTable>
    </section>
  );
}

// ---------------------------------------------------------------- one user

export function AdminUserScreen({ me, userId }: { me: Me; userId: string | null }) {
  const { t } = useI18n();
  const units = useAdminQuery(queryKeys.admin('units'), loadUnits);
  const loadUser = useCallback(
    () => (userId ? usersApi.get(userId) : Promise.resolve(null)),
    [userId],
  );
  // A change of the person changes the list of people too.
  const user = useAdminQuery(queryKeys.admin('user', userId), loadUser, [queryKeys.admin('users')]);
  const [notice, setNotice] = useState(() => (userId ? pendingNotice.get(userId) : undefined));
  useEffect(() => {
    if (userId) pendingNotice.delete(userId);
  }, [userId]);
  useTitle(userId ? (user.data?.displayName ?? t('loading')) : t('addUser'));
  const ready = units.data !== null && (userId === null || user.data !== null);
  const [departments, sections] = units.data ?? [[], []];

  return (
    <section className="panel admin">
      <AdminNav me={me} />
      <Crumbs href={paths.adminUsers()} label={t('usersTitle')} />
      <h1>{userId ? (user.data?.displayName ?? t('usersTitle')) : t('addUser')}</h1>
      <ErrorBox error={units.error ?? user.error} />
      <Announce message={notice ? t(notice) : ''} />
      {!ready && !units.error && !user.error && <p>{t('loading')}</p>}
      {ready && (
        <>
          <UserForm
            key={user.data?.id ?? 'new'}
            user={user.data}
            departments={departments}
            sections={sections}
            onSaved={(saved) => {
              if (userId) {
                setNotice('userSaved');
                user.reload();
              } else {
                pendingNotice.set(saved.id, 'userCreated');
                user.reload();
                navigate(paths.adminUser(saved.id));
              }
            }}
          />
          {user.data && (
            <>
              <ActiveForm
                user={user.data}
                me={me}
                onChanged={(active) => {
                  setNotice(active ? 'userReactivated' : 'userDeactivated');
                  user.reload();
                }}
              />
              <PasswordForm
                user={user.data}
                onSaved={() => {
                  setNotice('passwordSaved');
                  user.reload();
                }}
              />
              <UnlockForm
                user={user.data}
                onUnlocked={() => {
                  setNotice('unlocked');
                  user.reload();
                }}
              />
            </>
          )}
        </>
      )}
    </section>
  );
}

/** Deactivate (ends the person's sessions) or reactivate. */
function ActiveForm({
  user,
  me,
  onChanged,
}: {
  user: User;
  me: Me;
  onChanged: (active: boolean) => void;
}) {
  const { t } = useI18n();
  const form = useFormState();
  const toggle = () => {
    const active = !user.active;
    if (!active && !window.confirm(t('confirmDeactivate', { name: user.displayName }))) return;
    form.clear();
    form.send(usersApi.update(user.id, { active }), () => onChanged(active));
  };
  return (
    <section className="unit-form" aria-labelledby={`${form.formId}-t`}>
      <h2 id={`${form.formId}-t`}>{t('activeState')}</h2>
      <FormErrors form={form} />
      <p>
        <strong data-testid="user-active">{user.active ? t('activeYes') : t('activeNo')}</strong>
        {' — '}
        {user.active ? t('deactivateHelp') : t('reactivateHelp')}
      </p>
      <button
        type="button"
        className={user.active ? 'danger' : undefined}
        disabled={form.busy || (user.active && user.id === me.user.id)}
        onClick={toggle}
      >
        {user.active ? t('deactivate') : t('reactivate')}
      </button>
      {user.active && user.id === me.user.id && <p className="help">{t('cannotDeactivateSelf')}</p>}
    </section>
  );
}

function PasswordForm({ user, onSaved }: { user: User; onSaved: () => void }) {
  const { t } = useI18n();
  const form = useFormState();
  const [passwords, setPasswords] = useState(NO_PASSWORDS);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (form.check(passwordIssues(passwords))) return;
    form.send(usersApi.setPassword(user.id, passwords.password), () => {
      setPasswords(NO_PASSWORDS);
      onSaved();
    });
  };
  return (
    <AdminForm
      form={form}
      title={t('setPassword')}
      intro={
        <>
          <p>
            {t('passwordState')}:{' '}
            <span data-testid="password-state">
              {user.hasPassword ? t('passwordSet') : t('passwordNotSet')}
            </span>
          </p>
          <p className="help">{t('passwordResetHelp')}</p>
        </>
      }
      onSubmit={submit}
    >
      <PasswordFields
        form={form}
        label={t('newPassword')}
        required
        hint={t('passwordHint', { n: MIN_PASSWORD })}
        value={passwords}
        onChange={setPasswords}
      />
      <button type="submit" disabled={form.busy}>
        {form.busy ? t('working') : t('setPassword')}
      </button>
    </AdminForm>
  );
}

/** Whether failed sign-ins have locked the person out, and the button that ends the lock. */
function UnlockForm({ user, onUnlocked }: { user: User; onUnlocked: () => void }) {
  const { t, locale } = useI18n();
  const form = useFormState();
  const unlock = () => {
    form.clear();
    form.send(usersApi.unlock(user.id), onUnlocked);
  };
  return (
    <section className="unit-form" aria-labelledby={`${form.formId}-t`}>
      <h2 id={`${form.formId}-t`}>{t('lockState')}</h2>
      <FormErrors form={form} />
      <p data-testid="lock-state">
        {user.lockedUntil
          ? t('lockedUntil', { time: dateTimeText(user.lockedUntil, locale) })
          : t('notLocked')}
      </p>
      {user.lockedUntil && (
        <>
          <p className="help">{t('unlockHelp')}</p>
          <button type="button" disabled={form.busy} onClick={unlock}>
            {form.busy ? t('working') : t('unlock')}
          </button>
        </>
      )}
    </section>
  );
}
