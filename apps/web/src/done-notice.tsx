import { useI18n } from './i18n';

/**
 * What an action did (e.g. 「提出しました — 課長承認 清水 由美 さんに送りました」), announced as a
 * status and kept until the person closes it. Nothing is shown without a message.
 */
export function DoneNotice(props: { message: string | null; onClose: () => void }) {
  const { t } = useI18n();
  if (!props.message) return null;
  return (
    <p className="notice done-notice" role="status" data-testid="action-done">
      ✓ {props.message}{' '}
      <button type="button" className="link" onClick={props.onClose}>
        {t('close')}
      </button>
    </p>
  );
}
