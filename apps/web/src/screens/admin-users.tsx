import {
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type Dispatch,
  type FormEvent,
  type SetStateAction,
} from 'react';
import type { Me } from '../api';
import {
  orgApi,
  ROLE_NAMES,
  usersApi,
  type Department,
  type RoleName,
  type RoleWrite,
  type ScopeKind,
  type Section,
  type User,
  type UserRole,
} from '../api-admin';
import { dateTimeText, roleText } from '../format';
import { useI18n, type MessageKey, type Translate } from '../i18n';
import { linkClick, navigate, paths } from '../router';
import { AdminNav, ErrorBox, useLoad, useTitle } from './admin';
import {
  ActiveFilter,
  AdminForm,
  Announce,
  Crumbs,
  FilterForm,
  FormActions,
  FormErrors,
  ListTable,
  required,
  SearchFilter,
  SelectField,
  TextField,
  UnitFilter,
  unitName,
  UnitField,
  useFilters,
  useFormState,
  type ActiveChoice,
  type FormState,
  type Issue,
} from './admin-shared';

/**
 * People: a searchable, filterable list; create with roles and their scopes (government,
 * department or section); edit; deactivate / reactivate; set a password (which ends the person's
 * sessions; the API says why a password is refused); end a sign-in lock. The API never returns
 * password hashes, only whether one is set.
 */

const SCOPE_KINDS: readonly ScopeKind[] = ['section', 'department', 'government'];
const SCOPE_WORDS: Readonly<Record<ScopeKind, MessageKey>> = {
  government: 'scopeGovernment',
  department: 'scopeDepartment',
  section: 'scopeSection',
};
/** The scope a role usually has: chosen when the role changes. */
const USUAL_SCOPE: Readonly<Record<RoleName, ScopeKind>> = {
  evaluator: 'section',
  section_chief: 'section',
  department_head: 'department',
  planning_office: 'government',
  committee_member: 'government',
  administrator: 'government',
};
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MIN_PASSWORD = 10;

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
  const units = useLoad(loadUnits);
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
  const list = useLoad(load);
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
  const units = useLoad(loadUnits);
  const loadUser = useCallback(
    () => (userId ? usersApi.get(userId) : Promise.resolve(null)),
    [userId],
  );
  const user = useLoad(loadUser);
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

interface RoleRow {
  readonly key: number;
  readonly role: RoleName;
  readonly scopeKind: ScopeKind;
  readonly scopeId: string;
}

function UserForm({
  user,
  departments,
  sections,
  onSaved,
}: {
  user: User | null;
  departments: readonly Department[];
  sections: readonly Section[];
  onSaved: (user: User) => void;
}) {
  const { t, locale } = useI18n();
  const form = useFormState();
  const [email, setEmail] = useState(user?.email ?? '');
  const [displayName, setDisplayName] = useState(user?.displayName ?? '');
  const [userLocale, setUserLocale] = useState<'ja' | 'en'>(user?.locale ?? 'ja');
  const [mailPreference, setMailPreference] = useState<'immediate' | 'digest'>(
    user?.mailPreference ?? 'immediate',
  );
  const nextKey = useRef(0);
  const [roles, setRoles] = useState<readonly RoleRow[]>(() =>
    (user?.roles ?? []).map((r) => ({
      key: nextKey.current++,
      role: r.role,
      scopeKind: r.scopeKind,
      scopeId: r.scopeKind === 'government' ? '' : r.scopeId,
    })),
  );
  const [passwords, setPasswords] = useState(NO_PASSWORDS);
  const addButton = useRef<HTMLButtonElement>(null);

  const change = (key: number, patch: Partial<RoleRow>) =>
    setRoles((rows) => rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const add = () =>
    setRoles((rows) => [
      ...rows,
      { key: nextKey.current++, role: 'evaluator', scopeKind: 'section', scopeId: '' },
    ]);
  const removeRole = (key: number) => {
    setRoles((rows) => rows.filter((r) => r.key !== key));
    addButton.current?.focus();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const issues: Issue[] = [
      ...(email.trim() === ''
        ? [{ path: 'email', key: 'vRequired' as const }]
        : EMAIL.test(email.trim())
          ? []
          : [{ path: 'email', key: 'vEmail' as const }]),
      ...required('displayName', displayName),
      ...roles.flatMap((r, i) =>
        r.scopeKind !== 'government' && !r.scopeId
          ? [{ path: `roles.${i}.scopeId`, key: 'vScope' as const }]
          : [],
      ),
      ...(user === null && passwords.password !== '' ? passwordIssues(passwords) : []),
    ];
    if (form.check(issues)) return;
    const roleWrites: RoleWrite[] = roles.map((r) => ({
      role: r.role,
      scopeKind: r.scopeKind,
      ...(r.scopeKind === 'government' ? {} : { scopeId: r.scopeId }),
    }));
    const body = {
      email: email.trim(),
      displayName: displayName.trim(),
      locale: userLocale,
      mailPreference,
      roles: roleWrites,
    };
    const { password } = passwords;
    form.send(
      user
        ? usersApi.update(user.id, body)
        : usersApi.create({ ...body, ...(password ? { password } : {}) }),
      onSaved,
    );
  };

  const fieldProps = { formId: form.formId, errors: form.errors };
  return (
    <AdminForm form={form} title={t('userDetails')} onSubmit={submit}>
      <div className="form-grid">
        <TextField
          {...fieldProps}
          path="email"
          type="email"
          label={t('email')}
          required
          value={email}
          onChange={setEmail}
          className="wide"
        />
        <TextField
          {...fieldProps}
          path="displayName"
          label={t('displayName')}
          required
          value={displayName}
          onChange={setDisplayName}
        />
        <SelectField
          {...fieldProps}
          path="locale"
          label={t('language')}
          value={userLocale}
          onChange={(v) => setUserLocale(v === 'en' ? 'en' : 'ja')}
          options={[
            { value: 'ja', label: '日本語' },
            { value: 'en', label: 'English' },
          ]}
        />
        <SelectField
          {...fieldProps}
          path="mailPreference"
          label={t('mailPreference')}
          value={mailPreference}
          onChange={(v) => setMailPreference(v === 'digest' ? 'digest' : 'immediate')}
          options={[
            { value: 'immediate', label: t('mailImmediate') },
            { value: 'digest', label: t('mailDigest') },
          ]}
        />
      </div>
      <fieldset className="group">
        <legend>{t('roles')}</legend>
        {roles.length === 0 && <p className="muted">{t('noRoles')}</p>}
        {form.errors.get('roles') && <p className="inline-error">{form.errors.get('roles')}</p>}
        {roles.map((r, i) => {
          const scopes: readonly Department[] =
            r.scopeKind === 'department' ? departments : sections;
          return (
            <fieldset key={r.key} className="role-row" data-testid="role-row">
              <legend>{t('roleN', { n: i + 1 })}</legend>
              <SelectField
                {...fieldProps}
                path={`roles.${i}.role`}
                label={t('role')}
                value={r.role}
                onChange={(v) => {
                  const role = v as RoleName;
                  const scopeKind = USUAL_SCOPE[role];
                  change(r.key, {
                    role,
                    scopeKind,
                    scopeId: scopeKind === r.scopeKind ? r.scopeId : '',
                  });
                }}
                options={ROLE_NAMES.map((name) => ({ value: name, label: roleText(name, locale) }))}
              />
              <SelectField
                {...fieldProps}
                path={`roles.${i}.scopeKind`}
                label={t('scopeKind')}
                value={r.scopeKind}
                onChange={(v) => change(r.key, { scopeKind: v as ScopeKind, scopeId: '' })}
                options={SCOPE_KINDS.map((k) => ({ value: k, label: t(SCOPE_WORDS[k]) }))}
              />
              {r.scopeKind !== 'government' && (
                <UnitField
                  {...fieldProps}
                  path={`roles.${i}.scopeId`}
                  label={t(r.scopeKind === 'department' ? 'department' : 'section')}
                  units={scopes}
                  value={r.scopeId}
                  onChange={(v) => change(r.key, { scopeId: v })}
                />
              )}
              <button
                type="button"
                className="danger"
                onClick={() => removeRole(r.key)}
                aria-label={`${t('removeRole')}: ${t('roleN', { n: i + 1 })}`}
              >
                {t('removeRole')}
              </button>
            </fieldset>
          );
        })}
        <button type="button" ref={addButton} onClick={add}>
          {t('addRole')}
        </button>
      </fieldset>
      {user === null && (
        <fieldset className="group">
          <legend>{t('initialPassword')}</legend>
          <p className="help">{t('initialPasswordHelp', { n: MIN_PASSWORD })}</p>
          <PasswordFields
            form={form}
            label={t('password')}
            value={passwords}
            onChange={setPasswords}
          />
        </fieldset>
      )}
      <FormActions form={form} creating={user === null} cancel={{ href: paths.adminUsers() }} />
    </AdminForm>
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

/** A password typed twice. */
interface Passwords {
  readonly password: string;
  readonly password2: string;
}
const NO_PASSWORDS: Passwords = { password: '', password2: '' };

/** Long enough, and typed the same twice. */
function passwordIssues({ password, password2 }: Passwords): Issue[] {
  if (password.length < MIN_PASSWORD) return [{ path: 'password', key: 'vPasswordShort' }];
  if (password !== password2) return [{ path: 'password2', key: 'vPasswordMismatch' }];
  return [];
}

/** The fields `password` (labelled `label`) and `password2`, the same again. */
function PasswordFields({
  form,
  label,
  required = false,
  hint,
  value,
  onChange,
}: {
  form: FormState;
  label: string;
  required?: boolean;
  hint?: string;
  value: Passwords;
  onChange: Dispatch<SetStateAction<Passwords>>;
}) {
  const { t } = useI18n();
  const fieldProps = {
    formId: form.formId,
    errors: form.errors,
    type: 'password',
    autoComplete: 'new-password',
    required,
  } as const;
  return (
    <div className="form-grid">
      <TextField
        {...fieldProps}
        path="password"
        label={label}
        value={value.password}
        onChange={(password) => onChange((p) => ({ ...p, password }))}
        hint={hint}
      />
      <TextField
        {...fieldProps}
        path="password2"
        label={t('passwordAgain')}
        value={value.password2}
        onChange={(password2) => onChange((p) => ({ ...p, password2 }))}
      />
    </div>
  );
}
