import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { fiscalYearOf } from '@hyoka/calendar/fiscal-year';
import { tokyoToday } from '@hyoka/calendar/tokyo';
import type { Locale } from '@hyoka/domain';
import { useQuery } from '@tanstack/react-query';
import { api, ApiFailure, onUnauthorized, type Me } from './api';
import { fiscalYearText, roleText } from './format';
import { I18nProvider, makeI18n, useI18n } from './i18n';
import { queryClient, queryKeys } from './query';
import { BASE, confirmLeave, confirmUnload, linkClick, navigate, paths, useRoute } from './router';
import { canReadProgress, isAdministrator } from './roles';
import { InboxScreen } from './screens/inbox';
import { SignInForm } from './screens/sign-in';
import { accountPageOf, ForgotPasswordScreen, SetPasswordScreen } from './screens/account-links';

// Sign-in and the inbox come in the first chunk; every other screen (the editor with the domain's
// validators, history, administration) loads when first opened.
const SheetScreen = lazy(() => import('./screens/sheet').then((m) => ({ default: m.SheetScreen })));
const HistoryScreen = lazy(() =>
  import('./screens/history').then((m) => ({ default: m.HistoryScreen })),
);
const MyMailScreen = lazy(() =>
  import('./screens/my-mail').then((m) => ({ default: m.MyMailScreen })),
);
const MyPasswordScreen = lazy(() =>
  import('./screens/my-password').then((m) => ({ default: m.MyPasswordScreen })),
);
const AdminCyclesScreen = lazy(() =>
  import('./screens/admin/cycle-screens').then((m) => ({ default: m.AdminCyclesScreen })),
);
const AdminCycleScreen = lazy(() =>
  import('./screens/admin/cycle-screens').then((m) => ({ default: m.AdminCycleScreen })),
);
const AdminProgressScreen = lazy(() =>
  import('./screens/admin/cycle-screens').then((m) => ({ default: m.AdminProgressScreen })),
);
const AdminMailScreen = lazy(() =>
  import('./screens/admin/cycle-screens').then((m) => ({ default: m.AdminMailScreen })),
);
const AdminCycleImportScreen = lazy(() =>
  import('./screens/admin/cycle-screens').then((m) => ({ default: m.AdminCycleImportScreen })),
);
const MoreAdminScreen = lazy(() =>
  import('./screens/admin/more').then((m) => ({ default: m.MoreAdminScreen })),
);
const AccountingImportScreen = lazy(() =>
  import('./screens/admin/accounting-import').then((m) => ({ default: m.AccountingImportScreen })),
);
const ReportsScreen = lazy(() =>
  import('./screens/reports').then((m) => ({ default: m.ReportsScreen })),
);
const NotAllowed = lazy(() =>
  import('./screens/admin/more').then((m) => ({ default: m.NotAllowed })),
);

const LOCALE_KEY = 'hyoka:locale';

/**
 * On signing in: a language chosen in this browser (also on the sign-in page) becomes the
 * person's on the server, so their mails follow it; with none chosen here, the UI takes the
 * language the person chose elsewhere.
 */
function adoptLocale(server: Locale, show: (l: Locale) => void): void {
  const saved = localStorage.getItem(LOCALE_KEY);
  if (saved !== 'ja' && saved !== 'en') show(server);
  else if (saved !== server) api.saveLocale(saved).catch(() => undefined);
}

function initialLocale(): Locale {
  const saved = localStorage.getItem(LOCALE_KEY);
  return saved === 'en' || saved === 'ja' ? saved : 'ja';
}

export function App() {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  /** Signed in: the language chosen is kept on the server too (their mails follow it). */
  const signedIn = useRef(false);
  const setLocale = useCallback((next: Locale) => {
    localStorage.setItem(LOCALE_KEY, next);
    setLocaleState(next);
    if (signedIn.current) api.saveLocale(next).catch(() => undefined);
  }, []);
  const i18n = useMemo(() => makeI18n(locale, setLocale), [locale, setLocale]);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  /** undefined: still asking the API; null: signed out. */
  const meQuery = useQuery({
    queryKey: queryKeys.me,
    queryFn: () =>
      api.me(true).catch((error: unknown) => {
        if (error instanceof ApiFailure && error.status === 401) return null;
        throw error;
      }),
    // Asked once per page; a sign-in (or signing in again) writes the answer into the cache.
    retry: false,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
  const me: Me | null | undefined = meQuery.data;
  const setMe = useCallback((next: Me | null) => {
    queryClient.setQueryData(queryKeys.me, next);
  }, []);
  const [expired, setExpired] = useState(false);
  const bootError = meQuery.isError && !meQuery.isFetching && me === undefined;
  const loadMe = () => void meQuery.refetch();
  useEffect(() => {
    signedIn.current = Boolean(me);
    if (me) adoptLocale(me.user.locale, setLocaleState);
  }, [me]);
  // The pages of a mailed link and of a forgotten password are shown signed in or not.
  const accountPage = accountPageOf(window.location.pathname);
  useEffect(() => onUnauthorized(() => setExpired(true)), []);

  return (
    <I18nProvider value={i18n}>
      <a className="skip-link" href="#main">
        {i18n.t('skipToMain')}
      </a>
      {accountPage === 'forgot-password' ? (
        <ForgotPasswordScreen />
      ) : accountPage ? (
        <SetPasswordScreen page={accountPage} />
      ) : me === undefined ? (
        <main id="main" className="centered" aria-busy={!bootError}>
          {bootError ? (
            <p role="alert">
              {i18n.t('networkRetrying')}{' '}
              <button type="button" onClick={loadMe}>
                {i18n.t('retry')}
              </button>
            </p>
          ) : (
            <p>{i18n.t('loading')}</p>
          )}
        </main>
      ) : me === null ? (
        <SignInPage onSignedIn={setMe} />
      ) : (
        <>
          <Header me={me} />
          <main id="main" tabIndex={-1}>
            <Suspense fallback={<Loading />}>
              <Screen me={me} />
            </Suspense>
          </main>
          {expired && (
            <ReSignInDialog
              me={me}
              onDone={(next) => {
                setMe(next);
                setExpired(false);
                window.dispatchEvent(new Event('hyoka:session-restored'));
              }}
            />
          )}
        </>
      )}
    </I18nProvider>
  );
}

/** While a screen's code loads (once per screen and visit of the app). */
function Loading() {
  const { t } = useI18n();
  return (
    <p role="status" className="loading">
      {t('loading')}
    </p>
  );
}

function Screen({ me }: { me: Me }) {
  const route = useRoute();
  switch (route.name) {
    case 'admin_org':
    case 'admin_projects':
    case 'admin_policies':
    case 'admin_users':
    case 'admin_user':
    case 'admin_import':
    case 'admin_templates':
    case 'admin_template':
    case 'admin_template_new':
    case 'admin_template_version':
    case 'admin_audit':
    case 'admin_reorganisation':
    case 'admin_programmes':
      return isAdministrator(me) ? <MoreAdminScreen me={me} route={route} /> : <NotAllowed />;
    case 'inbox':
      return <InboxScreen me={me} />;
    case 'sheet':
      return <SheetScreen key={route.sheetId} sheetId={route.sheetId} me={me} />;
    case 'history':
      return <HistoryScreen key={route.sheetId} sheetId={route.sheetId} />;
    case 'admin_cycles':
      return canReadProgress(me) ? <AdminCyclesScreen me={me} /> : <NotFound />;
    case 'admin_cycle':
      return canReadProgress(me) ? (
        <AdminCycleScreen key={route.cycleId} me={me} cycleId={route.cycleId} />
      ) : (
        <NotFound />
      );
    case 'admin_progress':
      return canReadProgress(me) ? (
        <AdminProgressScreen key={route.cycleId} me={me} cycleId={route.cycleId} />
      ) : (
        <NotFound />
      );
    case 'admin_mail':
      return isAdministrator(me) ? <AdminMailScreen me={me} /> : <NotFound />;
    case 'admin_cycle_import':
      return isAdministrator(me) ? (
        <AdminCycleImportScreen key={route.cycleId} me={me} cycleId={route.cycleId} />
      ) : (
        <NotFound />
      );
    case 'reports':
      return canReadProgress(me) ? <ReportsScreen /> : <NotFound />;
    case 'my_mail':
      return <MyMailScreen />;
    case 'my_password':
      return <MyPasswordScreen />;
    case 'admin_accounting_import':
      return isAdministrator(me) ? (
        <AccountingImportScreen key={route.cycleId} me={me} cycleId={route.cycleId} />
      ) : (
        <NotFound />
      );
    case 'not_found':
      return <NotFound />;
  }
}

function NotFound() {
  const { t } = useI18n();
  return (
    <section className="panel">
      <h1>{t('notFound')}</h1>
      <a href={paths.inbox()} onClick={linkClick}>
        {t('back')}
      </a>
    </section>
  );
}

function SignInPage({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const { t } = useI18n();
  useEffect(() => {
    document.title = `${t('signInTitle')} | ${t('appName')}`;
  }, [t]);
  return (
    <main id="main" className="sign-in-page">
      <div className="sign-in-box">
        <p className="brand-large">hyoka {t('appName')}</p>
        <LanguageSwitch />
        <h1>{t('signInTitle')}</h1>
        <SignInForm onSignedIn={onSignedIn} />
        <p>
          <a href={`${BASE}forgot-password`}>{t('forgotPasswordLink')}</a>
        </p>
      </div>
    </main>
  );
}

function ReSignInDialog({ me, onDone }: { me: Me; onDone: (me: Me) => void }) {
  const { t } = useI18n();
  return (
    <div className="modal-backdrop">
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby="resign-title">
        <h2 id="resign-title">{t('signInTitle')}</h2>
        <p role="alert">{t('signInAgain')}</p>
        <SignInForm
          onSignedIn={onDone}
          initialEmail={me.user.email}
          initialGovernmentCode={me.government.code}
          focusPassword
        />
      </div>
    </div>
  );
}

function LanguageSwitch() {
  const { t, locale, setLocale } = useI18n();
  return (
    <div className="lang-switch" role="group" aria-label={t('language')}>
      <button
        type="button"
        aria-pressed={locale === 'ja'}
        lang="ja"
        onClick={() => setLocale('ja')}
      >
        日本語
      </button>
      <button
        type="button"
        aria-pressed={locale === 'en'}
        lang="en"
        onClick={() => setLocale('en')}
      >
        English
      </button>
    </div>
  );
}

function Header({ me }: { me: Me }) {
  const { t, locale } = useI18n();
  const roles = [...new Set(me.roles.map((r) => roleText(r.role, locale)))].join('・');
  const signOut = () => {
    if (!confirmLeave()) return;
    // A deliberate sign-out on a shared office PC leaves no draft behind in this tab.
    for (const key of Object.keys(sessionStorage))
      if (key.startsWith('hyoka:draft:') || key.startsWith('hyoka:backup:'))
        sessionStorage.removeItem(key);
    confirmUnload();
    const done = () => window.location.assign(paths.inbox());
    api.signOut().then(done, done);
  };
  return (
    <header className="app-header">
      <a className="brand" href={paths.inbox()} onClick={linkClick}>
        hyoka
      </a>
      <span className="gov">{locale === 'ja' ? me.government.nameJa : me.government.nameEn}</span>
      <span className="fy">{fiscalYearText(fiscalYearOf(tokyoToday()), locale)}</span>
      <nav aria-label={t('inbox')}>
        <a href={paths.inbox()} onClick={linkClick}>
          {t('inbox')}
        </a>
        {canReadProgress(me) && (
          <a href={paths.adminCycles()} onClick={linkClick}>
            {t('admin')}
          </a>
        )}
        {canReadProgress(me) && (
          <a href={paths.reports()} onClick={linkClick}>
            {t('reports')}
          </a>
        )}
        {me.devMail && (
          <a href="/dev/mail" target="_blank" rel="noreferrer">
            {t('devMail')}
          </a>
        )}
      </nav>
      <span className="spacer" />
      <span className="who">
        {me.user.displayName}
        <span className="role">
          {t('role')}: {roles}
        </span>
      </span>
      <a href={paths.myMail()} onClick={linkClick}>
        {t('myMail')}
      </a>
      <LanguageSwitch />
      <button type="button" onClick={signOut}>
        {t('signOut')}
      </button>
    </header>
  );
}

export { navigate };
