import { type Dispatch, type SetStateAction } from 'react';
import { newPasswordIssues } from '../../admin-kit/checks';
import { TextField } from '../../admin-kit/fields';
import type { FormState, Issue } from '../../admin-kit/form';
import { useI18n } from '../../i18n';

/** A password typed twice, as a new person's initial password or an administrator's reset. */

export { MIN_PASSWORD } from '../../admin-kit/checks';

/** A password typed twice. */
export interface Passwords {
  readonly password: string;
  readonly password2: string;
}
export const NO_PASSWORDS: Passwords = { password: '', password2: '' };

/** Long enough, and typed the same twice. */
export function passwordIssues({ password, password2 }: Passwords): Issue[] {
  return newPasswordIssues(password, password2);
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
