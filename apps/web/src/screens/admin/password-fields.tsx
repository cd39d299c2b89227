import { type Dispatch, type SetStateAction } from 'react';
import { TextField } from '../../admin-kit/fields';
import type { FormState, Issue } from '../../admin-kit/form';
import { useI18n } from '../../i18n';

/** A password typed twice, as a new person's initial password or an administrator's reset. */

export const MIN_PASSWORD = 10;

/** A password typed twice. */
export interface Passwords {
  readonly password: string;
  readonly password2: string;
}
export const NO_PASSWORDS: Passwords = { password: '', password2: '' };

/** Long enough, and typed the same twice. */
export function passwordIssues({ password, password2 }: Passwords): Issue[] {
  if (password.length < MIN_PASSWORD) return [{ path: 'password', key: 'vPasswordShort' }];
  if (password !== password2) return [{ path: 'password2', key: 'vPasswordMismatch' }];
  return [];
}

/** The fields `password` (labelled `label`) and `password2`, the same again. */
export function PasswordFields({
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
