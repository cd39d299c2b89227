import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api } from '../api';
import { useI18n } from '../i18n';
import { BASE } from '../router';
import { MIN_PASSWORD, newPasswordIssues, required } from '../admin-kit/checks';
import { TextField } from '../admin-kit/fields';
import { FormErrors, useFormState, type Issue } from '../admin-kit/form';

/** The account pages reached without signing in, by path below /app/. */
export type AccountPage = 'set-password' | 'reset-password' | 'forgot-password';

export function accountPageOf(pathname: string): AccountPage | null {
  const rest = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : '';
  const page = rest.replace(/\/+$/, '');
  return page === 'set-password' || page === 'reset-password' || page === 'forgot-password'
    ? page
    : null;
}

/**
 * Setting a password from the one-time link of an invitation (`/app/set-password?token=…`) or of
 * a reset (`/app/reset-password?token=…`): `POST /auth/set-password`. The server says why a
 * password or a link is refused (at the field, or as the form's headline).
 */
export function SetPasswordScreen({ page }: { page: 'set-password' | 'reset-password' }) {
  const { t } = useI18n();
  const title = page === 'set-password' ? t('setPasswordTitle') : t('resetPasswordTitle');
  useEffect(() => {
    document.title = `${title} | ${t('appName')}`;
  }, [t, title]);
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  const form = useFormState();
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [done, setDone] = useState<{ governmentCode: string; email: string } | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (form.check(newPasswordIssues(password, again))) return;
    form.send(api.setPasswordFromLink(token, password), (answer) => {
      localStorage.setItem('hyoka:government-code', answer.governmentCode);
      setDone(answer);
    });
  };

  const fieldProps = { formId: form.formId, errors: form.errors, type: 'password' } as const;
  return (
    <AccountFrame title={title}>
      {!token ? (
        <p role="alert" className="form-error">
          {t('linkMissing')}
        </p>
      ) : done ? (
        <>
          <p role="status" data-testid="set-password-done">
            {t('setPasswordDone', { code: done.governmentCode, email: done.email })}
          </p>
          <p>
            <a className="button primary" href={BASE}>
              {t('goToSignIn')}
            </a>
          </p>
        </>
      ) : (
        <form onSubmit={submit} noValidate aria-label={title}>
          <p className="help">{t('setPasswordIntro', { n: MIN_PASSWORD })}</p>
          <FormErrors form={form} />
          <TextField
            {...fieldProps}
            path="password"
            label={t('newPassword')}
            autoComplete="new-password"
            required
            value={password}
            onChange={setPassword}
          />
          <TextField
            {...fieldProps}
            path="password2"
            label={t('passwordAgain')}
            autoComplete="new-password"
            required
            value={again}
            onChange={setAgain}
          />
          <button type="submit" className="primary" disabled={form.busy}>
            {form.busy ? t('working') : t('setPasswordSubmit')}
          </button>
        </form>
      )}
    </AccountFrame>
  );
}

/** Asking for a reset link (`POST /auth/forgot-password`): the same answer for every account. */
export function ForgotPasswordScreen() {
  const { t, locale } = useI18n();
  useEffect(() => {
    document.title = `${t('forgotPasswordTitle')} | ${t('appName')}`;
  }, [t]);
  const form = useFormState();
  const [governmentCode, setGovernmentCode] = useState(
    localStorage.getItem('hyoka:government-code') ?? '',
  );
  const [email, setEmail] = useState('');
  const [answer, setAnswer] = useState<{ ja: string; en: string } | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const issues: Issue[] = [
      ...required('governmentCode', governmentCode),
      ...required('email', email),
    ];
    if (form.check(issues)) return;
    form.send(api.forgotPassword(governmentCode.trim(), email.trim()), (a) => setAnswer(a.message));
  };

  const fieldProps = { formId: form.formId, errors: form.errors } as const;
  return (
    <AccountFrame title={t('forgotPasswordTitle')}>
      {answer ? (
        <p role="status" data-testid="forgot-password-done">
          {answer[locale]}
        </p>
      ) : (
        <form onSubmit={submit} noValidate aria-label={t('forgotPasswordTitle')}>
          <p className="help">{t('forgotPasswordIntro')}</p>
          <FormErrors form={form} />
          <TextField
            {...fieldProps}
            path="governmentCode"
            label={t('governmentCode')}
            inputMode="numeric"
            autoComplete="organization"
            required
            value={governmentCode}
            onChange={setGovernmentCode}
          />
          <TextField
            {...fieldProps}
            path="email"
            type="email"
            label={t('email')}
            autoComplete="username"
            required
            value={email}
            onChange={setEmail}
          />
          <button type="submit" className="primary" disabled={form.busy}>
            {form.busy ? t('working') : t('forgotPasswordSubmit')}
          </button>
        </form>
      )}
      <p>
        <a href={BASE}>{t('backToSignIn')}</a>
      </p>
    </AccountFrame>
  );
}

function AccountFrame({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <main id="main" className="sign-in-page">
      <div className="sign-in-box">
        <p className="brand-large">hyoka {t('appName')}</p>
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  );
}
