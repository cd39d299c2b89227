import { diffArrays } from 'diff';
import type { Locale } from '@hyoka/domain';

/** Words of a text: Intl.Segmenter's word granularity (Japanese has no spaces between words). */
function words(text: string, locale: Locale): string[] {
  const segmenter = new Intl.Segmenter(locale, { granularity: 'word' });
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

/** Below this many characters a value is shown whole (numbers, names, choices). */
export const WORD_DIFF_MIN = 24;

/**
 * A changed text as the words removed (struck out) and added (underlined) between the kept ones,
 * by jsdiff's `diffArrays` over the segmenter's words. Short values are shown before → after.
 */
export function WordDiff(props: { before: string; after: string; locale: Locale }) {
  const { before, after, locale } = props;
  if (before.length < WORD_DIFF_MIN && after.length < WORD_DIFF_MIN) return null;
  const parts = diffArrays(words(before, locale), words(after, locale));
  return (
    <div className="word-diff">
      {parts.map((p, i) => {
        const text = p.value.join('');
        if (p.added) return <ins key={i}>{text}</ins>;
        if (p.removed) return <del key={i}>{text}</del>;
        return <span key={i}>{text}</span>;
      })}
    </div>
  );
}
