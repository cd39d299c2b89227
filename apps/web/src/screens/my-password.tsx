import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../api';
import { useI18n } from '../i18n';
import { paths } from '../router';
import { MIN_PASSWORD, newPasswordIssues, required } from '../admin-kit/checks';
import { TextField } from '../admin-kit/fields';
import { FormErrors, useFormState, type Issue } from '../admin-kit/form';
import { Announce, Crumbs } from '../admin-kit/page';

/**
 * A person changes their own password (`PUT /me/password`), from the mail settings screen. The
 * server decides whether the new one is acceptable and says why not at the field (in the UI's
 * language); this screen checks only what it can see: filled in, long enough, typed twice the same.
 */
export function MyPasswordScreen() {
  const { t } = useI18n();
  useEffect(() => {
    document.title = `${t('changePassword')} | ${t('appName')}`;
  }, [t]);
  const form = useFormState();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [notice, setNotice] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setNotice('');
    const issues: Issue[] = [
      ...required('currentPassword', current),
      ...newPasswordIssues(next, again, { password: 'newPassword', again: 'newPassword2' }),
    ];
    if (form.check(issues)) return;
    form.send(api.changePassword(current, next), () => {
      setCurrent('');
      setNext('');
      setAgain('');
      form.clear();
      setNotice(t('passwordChanged'));
    });
  };

  const fieldProps = { formId: form.formId, errors: form.errors, type: 'password' } as const;
  return (
    <section className="panel">
      <Crumbs href={paths.myMail()} label={t('myMail')} />
      <h1 id={`${form.formId}-t`}>{t('changePassword')}</h1>
      <Announce message={notice} />
      <form className="unit-form" onSubmit={submit} noValidate aria-labelledby={`${form.formId}-t`}>
        <p className="help">{t('changePasswordIntro', { n: MIN_PASSWORD })}</p>
        <FormErrors form={form} />
        <div className="form-grid">
          <TextField
            {...fieldProps}
            path="currentPassword"
            label={t('currentPassword')}
            autoComplete="current-password"
            required
            value={current}
            onChange={setCurrent}
          />
          <TextField
            {...fieldProps}
            path="newPassword"
            label={t('newPassword')}
            autoComplete="new-password"
            required
            value={next}
            onChange={setNext}
          />
          <TextField
            {...fieldProps}
            path="newPassword2"
            label={t('passwordAgain')}
            autoComplete="new-password"
            required
            value={again}
            onChange={setAgain}
          />
        </div>
        <button type="submit" className="primary" disabled={form.busy}>
          {form.busy ? t('working') : t('changePasswordSubmit')}
        </button>
      </form>
    </section>
  );
}
