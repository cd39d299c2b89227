import { useRef, useState, type FormEvent } from 'react';
import {
  ROLE_NAMES,
  usersApi,
  type Department,
  type RoleName,
  type RoleWrite,
  type ScopeKind,
  type Section,
  type User,
} from '../../api-admin';
import { required } from '../../admin-kit/checks';
import { SelectField, TextField, UnitField } from '../../admin-kit/fields';
import { AdminForm, FormActions, useFormState, type Issue } from '../../admin-kit/form';
import { roleText } from '../../format';
import { useI18n, type MessageKey } from '../../i18n';
import { paths } from '../../router';
import { MIN_PASSWORD, NO_PASSWORDS, PasswordFields, passwordIssues } from './password-fields';

/**
 * A person's details: e-mail, name, language, mail preference, and roles each with its scope
 * (government, department or section); a new person may get an initial password.
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

interface RoleRow {
  readonly key: number;
  readonly role: RoleName;
  readonly scopeKind: ScopeKind;
  readonly scopeId: string;
}

export function UserForm({
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
