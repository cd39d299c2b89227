import { useId, useState, type FormEvent } from 'react';
import { api, ApiFailure, type Me } from '../api';
import { useI18n } from '../i18n';

const GOV_KEY = 'hyoka:government-code';

export function SignInForm(props: {
  onSignedIn: (me: Me) => void;
  initialEmail?: string;
  initialGovernmentCode?: string;
  /** In the re-sign-in dialog: the password is all that is missing. */
  focusPassword?: boolean;
}) {
  const { t, locale } = useI18n();
  const id = useId();
  const [governmentCode, setGovernmentCode] = useState(
    props.initialGovernmentCode ?? localStorage.getItem(GOV_KEY) ?? '',
  );
  const [email, setEmail] = useState(props.initialEmail ?? '');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.signIn(email.trim(), password, governmentCode.trim());
      localStorage.setItem(GOV_KEY, governmentCode.trim());
      props.onSignedIn(await api.me());
    } catch (e) {
      setError(e instanceof ApiFailure ? e.text(locale) : String(e));
      setBusy(false);
    }
  };

  return (
    <form className="sign-in-form" onSubmit={(e) => void submit(e)} noValidate={false}>
      <div className="form-row">
        <label htmlFor={`${id}-gov`}>{t('governmentCode')}</label>
        <input
          id={`${id}-gov`}
          name="governmentCode"
          autoComplete="organization"
          required
          value={governmentCode}
          onChange={(e) => setGovernmentCode(e.target.value)}
        />
      </div>
      <div className="form-row">
        <label htmlFor={`${id}-email`}>{t('email')}</label>
        <input
          id={`${id}-email`}
          name="email"
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
      </div>
      <div className="form-row">
        <label htmlFor={`${id}-password`}>{t('password')}</label>
        <input
          id={`${id}-password`}
          name="password"
          type="password"
          autoComplete="current-password"
          autoFocus={props.focusPassword}
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </div>
      <div className="form-error" role="alert" aria-live="assertive">
        {error}
      </div>
      <button type="submit" className="primary" disabled={busy}>
        {busy ? t('signingIn') : t('signIn')}
      </button>
    </form>
  );
}
