/** Words of the account pages reached without signing in (set, reset, forgotten password). */
export const ACCOUNT_MESSAGES = {
  setPasswordTitle: { ja: 'パスワードの設定', en: 'Set your password' },
  resetPasswordTitle: { ja: 'パスワードの再設定', en: 'Reset your password' },
  setPasswordIntro: {
    ja: 'メールのリンクから開いたページです。{n}文字以上で、推測されにくいパスワードを決めてください。記号や数字を混ぜる必要はありません（いくつかの単語を組み合わせた長めの文がおすすめです）。リンクは24時間、1回だけ使えます。',
    en: 'You opened this page from the link in your mail. Choose a password of at least {n} characters that is hard to guess; no symbols or digits are needed (a longer phrase of several words works well). The link works once, for 24 hours.',
  },
  setPasswordSubmit: { ja: 'パスワードを設定する', en: 'Set the password' },
  setPasswordDone: {
    ja: 'パスワードを設定しました。団体コード {code}、メールアドレス {email} でサインインしてください。',
    en: 'Your password is set. Sign in with government code {code} and e-mail {email}.',
  },
  goToSignIn: { ja: 'サインインへ進む', en: 'Go to sign-in' },
  linkMissing: {
    ja: 'リンクにトークンがありません。メールのリンクをそのまま開いてください。',
    en: 'The link has no token. Open the link from the mail as it is.',
  },
  forgotPasswordLink: { ja: 'パスワードを忘れた場合', en: 'Forgot your password?' },
  forgotPasswordTitle: { ja: 'パスワードを忘れた場合', en: 'Forgot your password' },
  forgotPasswordIntro: {
    ja: '団体コードとメールアドレスを入力してください。登録されているアカウントであれば、パスワード再設定のリンク（24時間有効）をメールでお送りします。',
    en: 'Enter your government code and e-mail address. If they name an account, we mail it a password reset link (valid 24 hours).',
  },
  forgotPasswordSubmit: { ja: '再設定のリンクを送る', en: 'Send the reset link' },
  backToSignIn: { ja: 'サインインに戻る', en: 'Back to sign-in' },
} as const;
