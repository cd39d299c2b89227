import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import type { Bilingual } from '../common/api-error';

/**
 * The password policy, after NIST SP 800-63B: a minimum length (in characters, whatever the
 * script: Japanese counts one per character), no composition rules (no "one digit, one
 * symbol"), no forced expiry, and no password that is easy to guess: common and leaked-style
 * passwords, keyboard rows, repeats and sequences, dates, common words and names in Japanese and
 * English, and words of the context (the person's e-mail address and name, their government,
 * this system). Guessability is zxcvbn's estimate (zxcvbn-ts with its common, Japanese and
 * English dictionaries); a password must reach {@link MIN_SCORE}. Pure: no framework.
 */

/** Characters (Unicode code points), like NIST's minimum of 8, and above it. */
export const MIN_PASSWORD_LENGTH = 10;
/** zxcvbn's score 3: "safely unguessable", about 10^8 guesses or more. */
export const MIN_SCORE = 3;
/** Only this many characters are estimated (zxcvbn's time grows fast with length). */
const ESTIMATED_LENGTH = 64;

/** Who the password is for: their words make a password guessable. */
export interface PasswordContext {
  readonly email?: string | null | undefined;
  readonly displayName?: string | null | undefined;
  readonly governmentCode?: string | null | undefined;
  readonly governmentNames?: readonly (string | null | undefined)[];
}

export interface PasswordProblem {
  /** `password_too_short` or `password_guessable`. */
  readonly code: 'password_too_short' | 'password_guessable';
  readonly message: Bilingual;
}

/** Words of this system itself (NIST: "the name of the service"). */
const SERVICE_WORDS = ['hyoka', 'hyouka', 'hyoukasystem', '評価', '行政評価', 'gyosei', 'gyousei'];

/** zxcvbn's suggestions that amount to composition rules or are no help here. */
const UNHELPFUL_SUGGESTIONS = new Set(['allUppercase', 'capitalization', 'noNeed', 'pwned']);

/** What is wrong with `password` for this person, or null when it may be used. */
export async function checkPassword(
  password: string,
  context: PasswordContext,
): Promise<PasswordProblem | null> {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    return {
      code: 'password_too_short',
      message: {
        ja: `${MIN_PASSWORD_LENGTH}文字以上にしてください（空白・記号・日本語も使えます）`,
        en: `Use at least ${MIN_PASSWORD_LENGTH} characters (spaces, symbols and Japanese are allowed)`,
      },
    };
  }
  const { zxcvbn, translations } = await estimator();
  const result = zxcvbn.check(password, contextWords(context));
  if (result.score >= MIN_SCORE) return null;
  const warning = result.feedback.warning;
  const suggestion = result.feedback.suggestions.find((s) => !UNHELPFUL_SUGGESTIONS.has(s));
  const text = (locale: 'ja' | 'en'): string[] => {
    const t = translations[locale];
    const why =
      warning === 'userInputs'
        ? locale === 'ja'
          ? 'メールアドレス・氏名・団体名など、あなたやこのシステムに関係する語が含まれています'
          : 'It contains words related to you or this system (your e-mail address, name or government).'
        : warning
          ? t.warnings[warning]
          : undefined;
    const how = suggestion
      ? t.suggestions[suggestion]
      : locale === 'ja'
        ? 'よく使われない単語をいくつか組み合わせた、長めのパスワードにしてください'
        : 'Use a longer password made of several uncommon words.';
    return [why, how].filter((s): s is string => typeof s === 'string' && s !== '');
  };
  return {
    code: 'password_guessable',
    message: {
      ja: ['推測されやすいパスワードのため使えません', ...text('ja')].join('。') + '。',
      en: ['Too easy to guess.', ...text('en')].join(' '),
    },
  };
}

/** The context as zxcvbn's user inputs: whole values and their parts (3 characters or more). */
export function contextWords(context: PasswordContext): string[] {
  const words = new Set<string>(SERVICE_WORDS);
  const add = (value: string | null | undefined, separators: RegExp) => {
    const text = value?.trim().toLowerCase();
    if (!text) return;
    words.add(text);
    const parts = text.split(separators).filter((p) => [...p].length >= 3);
    for (const part of parts) words.add(part);
    if (parts.length > 1) words.add(parts.join(''));
  };
  add(context.email, /[@.+_-]+/);
  const local = context.email?.split('@')[0];
  add(local, /[.+_-]+/);
  add(context.displayName, /[\s\u3000・.]+/);
  add(context.governmentCode, /\s+/);
  for (const name of context.governmentNames ?? []) add(name, /[\s\u3000]+/);
  return [...words];
}

interface Estimator {
  readonly zxcvbn: ZxcvbnFactory;
  readonly translations: Record<
    'ja' | 'en',
    {
      readonly warnings: Readonly<Record<string, string>>;
      readonly suggestions: Readonly<Record<string, string>>;
    }
  >;
}

let loading: Promise<Estimator> | undefined;

/**
 * Built on first use (about a second and 30 MB: the dictionaries are ranked into maps), so an API
 * process that never sets a password does not pay for them, and kept for the process's life.
 */
function estimator(): Promise<Estimator> {
  loading ??= (async () => {
    const [core, common, ja, en] = await Promise.all([
      import('@zxcvbn-ts/core'),
      import('@zxcvbn-ts/language-common'),
      import('@zxcvbn-ts/language-ja'),
      import('@zxcvbn-ts/language-en'),
    ]);
    const zxcvbn = new core.ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...ja.dictionary, ...en.dictionary },
      graphs: common.adjacencyGraphs,
      maxLength: ESTIMATED_LENGTH,
      // Bounds the time of one estimate (passwords full of digits and symbols would otherwise
      // take seconds); common substitutions (p@ssw0rd) are still found.
      l33tMaxSubstitutions: 10,
    });
    return { zxcvbn, translations: { ja: ja.translations, en: en.translations } };
  })();
  void loading.catch(() => (loading = undefined));
  return loading;
}
