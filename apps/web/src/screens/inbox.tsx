import {
  memo,
  useCallback,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type FormEvent,
} from 'react';
import {
  api,
  ApiFailure,
  type BulkResult,
  type InboxFilters,
  type InboxItem,
  type Me,
} from '../api';
import { dateText, dueState, fiscalYearText, stageText } from '../format';
import { useI18n, type Translate } from '../i18n';
import { linkClick, paths } from '../router';
import { ConfirmDialog } from '../confirm-dialog';
import { takeFlash } from '../flash';
import { DoneNotice } from '../done-notice';

const PAGE = 100;
/** The first stage is where sheets are written, not reviewed: nothing to approve there. */
const ENTRY_STAGE = 'self_evaluation';

interface FilterState {
  stage: string;
  sectionId: string;
  fiscalYear: string;
  overdue: boolean;
  q: string;
}
const NO_FILTERS: FilterState = { stage: '', sectionId: '', fiscalYear: '', overdue: false, q: '' };

function toQuery(f: FilterState): InboxFilters {
  return {
    limit: PAGE,
    ...(f.stage ? { stage: f.stage } : {}),
    ...(f.sectionId ? { sectionId: f.sectionId } : {}),
    ...(f.fiscalYear ? { fiscalYear: Number(f.fiscalYear) } : {}),
    ...(f.overdue ? { overdue: true } : {}),
    ...(f.q.trim() ? { q: f.q.trim() } : {}),
  };
}

type LoadState = { kind: 'loading' } | { kind: 'ready' } | { kind: 'error'; message: string };

export function InboxScreen({ me }: { me: Me }) {
  const { t, locale } = useI18n();
  const [filters, setFilters] = useState<FilterState>(NO_FILTERS);
  const [items, setItems] = useState<InboxItem[]>([]);
  const [counts, setCounts] = useState<Record<string, number>>({});
  const [cursor, setCursor] = useState<string | null>(null);
  const [state, setState] = useState<LoadState>({ kind: 'loading' });
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [results, setResults] = useState<ReadonlyMap<string, BulkResult>>(new Map());
  const [bulkBusy, setBulkBusy] = useState(false);
  const [announce, setAnnounce] = useState('');
  // What the action that led here did (e.g. 「承認しました — …」), shown until dismissed.
  const [done, setDone] = useState<string | null>(() => takeFlash());
  const [confirmBulk, setConfirmBulk] = useState(false);
  // Sections and years seen so far: the filter's choices.
  const known = useRef(new Map<string, string>());
  const years = useRef(new Set<number>());

  useEffect(() => {
    document.title = `${t('inbox')} | ${t('appName')}`;
  }, [t]);

  const load = useCallback(
    (f: FilterState, after?: string) => {
      setState({ kind: 'loading' });
      api.inbox({ ...toQuery(f), ...(after ? { cursor: after } : {}) }).then(
        (inbox) => {
          for (const i of inbox.items) {
            known.current.set(i.sectionId, i.sectionName);
            years.current.add(i.fiscalYear);
          }
          setItems((prev) => (after ? [...prev, ...inbox.items] : [...inbox.items]));
          setCounts(inbox.counts);
          setCursor(inbox.nextCursor);
          setState({ kind: 'ready' });
          if (!after) setSelected(new Set());
        },
        (error: unknown) =>
          setState({
            kind: 'error',
            message: error instanceof ApiFailure ? error.text(locale) : String(error),
          }),
      );
    },
    [locale],
  );
  useEffect(() => load(NO_FILTERS), [load]);
  // First meaningful paint of the inbox: the first page of rows is on screen.
  const marked = useRef(false);
  useEffect(() => {
    if (state.kind !== 'ready' || marked.current) return;
    marked.current = true;
    requestAnimationFrame(() => performance.mark('hyoka:inbox-rendered'));
  }, [state.kind]);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setResults(new Map());
    load(filters);
  };
  const clear = () => {
    setFilters(NO_FILTERS);
    setResults(new Map());
    load(NO_FILTERS);
  };
  const pickStage = (stage: string) => {
    const next = { ...filters, stage };
    setFilters(next);
    load(next);
  };

  const toggle = useCallback((taskId: string, on: boolean) => {
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(taskId);
      else next.delete(taskId);
      return next;
    });
  }, []);
  const approvable = useMemo(() => items.filter((i) => i.stage !== ENTRY_STAGE), [items]);
  const allSelected = approvable.length > 0 && approvable.every((i) => selected.has(i.taskId));

  const claim = useCallback(
    async (item: InboxItem) => {
      try {
        await api.act(item.sheetId, 'claim', {
          expectedStage: item.stage,
          expectedRound: item.round,
        });
        setAnnounce(`${item.projectCode} ${t('claimed')}`);
        setItems((prev) =>
          prev.map((i) =>
            i.taskId === item.taskId ? { ...i, kind: 'mine', claimedBy: me.user.id } : i,
          ),
        );
      } catch (error) {
        setResults((prev) =>
          new Map(prev).set(item.taskId, {
            taskId: item.taskId,
            ok: false,
            error: error instanceof ApiFailure ? error.text(locale) : String(error),
          }),
        );
      }
    },
    [locale, me.user.id, t],
  );

  const bulkApprove = async () => {
    const chosen = items.filter((i) => selected.has(i.taskId));
    if (chosen.length === 0) return;
    setBulkBusy(true);
    try {
      const out = await api.bulkApprove(chosen, locale);
      setResults(new Map(out.map((r) => [r.taskId, r])));
      const ok = out.filter((r) => r.ok).length;
      // Shown (and announced: role=status) by the done notice above the table.
      setDone(t('bulkDone', { ok, ng: out.length - ok }));
      setSelected(new Set(out.filter((r) => !r.ok).map((r) => r.taskId)));
    } catch (error) {
      setAnnounce(error instanceof ApiFailure ? error.text(locale) : String(error));
    } finally {
      setBulkBusy(false);
      setConfirmBulk(false);
    }
  };

  const stages = Object.keys(counts);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const formId = useId();

  return (
    <section aria-labelledby="inbox-title">
      <h1 id="inbox-title">{t('inboxTitle')}</h1>

      <nav className="stage-counts" aria-label={t('countsPerStage')}>
        <button type="button" aria-pressed={filters.stage === ''} onClick={() => pickStage('')}>
          {t('total')} <span className="count">{total}</span>
        </button>
        {stages.map((s) => (
          <button
            key={s}
            type="button"
            aria-pressed={filters.stage === s}
            onClick={() => pickStage(s)}
          >
            {stageText(s, locale)} <span className="count">{counts[s]}</span>
          </button>
        ))}
      </nav>

      <form className="filters" onSubmit={apply} aria-label={t('filters')}>
        <div className="form-row">
          <label htmlFor={`${formId}-stage`}>{t('stage')}</label>
          <select
            id={`${formId}-stage`}
            value={filters.stage}
            onChange={(e) => setFilters({ ...filters, stage: e.target.value })}
          >
            <option value="">{t('allStages')}</option>
            {[...new Set([...stages, filters.stage].filter(Boolean))].map((s) => (
              <option key={s} value={s}>
                {stageText(s, locale)}
              </option>
            ))}
          </select>
        </div>
        <div className="form-row">
          <label htmlFor={`${formId}-section`}>{t('section')}</label>
          <select
            id={`${formId}-section`}
            value={filters.sectionId}
            onChange={(e) => setFilters({ ...filters, sectionId: e.target.value })}
          >
            <option value="">{t('allSections')}</option>
            {[...known.current].map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div className="form-row">
          <label htmlFor={`${formId}-year`}>{t('fiscalYear')}</label>
          <select
            id={`${formId}-year`}
            value={filters.fiscalYear}
            onChange={(e) => setFilters({ ...filters, fiscalYear: e.target.value })}
          >
            <option value="">{t('allYears')}</option>
            {[...years.current]
              .sort((a, b) => b - a)
              .map((y) => (
                <option key={y} value={y}>
                  {fiscalYearText(y, locale)}
                </option>
              ))}
          </select>
        </div>
        <div className="form-row">
          <label htmlFor={`${formId}-q`}>{t('search')}</label>
          <input
            id={`${formId}-q`}
            type="search"
            value={filters.q}
            maxLength={100}
            onChange={(e) => setFilters({ ...filters, q: e.target.value })}
          />
        </div>
        <div className="form-row checkbox">
          <input
            id={`${formId}-overdue`}
            type="checkbox"
            checked={filters.overdue}
            onChange={(e) => setFilters({ ...filters, overdue: e.target.checked })}
          />
          <label htmlFor={`${formId}-overdue`}>{t('overdueOnly')}</label>
        </div>
        <div className="form-actions">
          <button type="submit" className="primary">
            {t('apply')}
          </button>
          <button type="button" onClick={clear}>
            {t('clear')}
          </button>
        </div>
      </form>

      <DoneNotice message={done} onClose={() => setDone(null)} />
      <ConfirmDialog
        open={confirmBulk}
        busy={bulkBusy}
        title={t('confirmBulkTitle', { n: selected.size })}
        confirmLabel={t('confirmYesApprove')}
        cancelLabel={t('cancel')}
        onConfirm={() => void bulkApprove()}
        onCancel={() => setConfirmBulk(false)}
      >
        <p>{t('confirmBulkText')}</p>
      </ConfirmDialog>
      <div className="bulk-bar">
        <button
          type="button"
          className="primary"
          disabled={selected.size === 0 || bulkBusy}
          onClick={() => setConfirmBulk(true)}
        >
          {bulkBusy ? t('bulkApproving') : t('bulkApprove', { n: selected.size })}
        </button>
        <span className="muted">{t('selectedRows', { n: selected.size })}</span>
      </div>
      <p className="sr-status" role="status" aria-live="polite">
        {announce}
      </p>

      {state.kind === 'error' && (
        <p role="alert" className="error-banner">
          {state.message}{' '}
          <button type="button" onClick={() => load(filters)}>
            {t('retry')}
          </button>
        </p>
      )}

      <table className="inbox-table" aria-busy={state.kind === 'loading'}>
        <caption className="visually-hidden">{t('inboxTitle')}</caption>
        <thead>
          <tr>
            <th scope="col">
              <input
                type="checkbox"
                aria-label={t('selectAll')}
                checked={allSelected}
                disabled={approvable.length === 0}
                onChange={(e) =>
                  setSelected(
                    e.target.checked ? new Set(approvable.map((i) => i.taskId)) : new Set(),
                  )
                }
              />
            </th>
            <th scope="col">{t('projectCode')}</th>
            <th scope="col">{t('projectName')}</th>
            <th scope="col">{t('section')}</th>
            <th scope="col">{t('stage')}</th>
            <th scope="col">{t('dueDate')}</th>
            <th scope="col">{t('status')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('action')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <InboxRow
              key={item.taskId}
              item={item}
              selectable={item.stage !== ENTRY_STAGE}
              selected={selected.has(item.taskId)}
              result={results.get(item.taskId)}
              onToggle={toggle}
              onClaim={claim}
              t={t}
              locale={locale}
            />
          ))}
        </tbody>
      </table>
      {state.kind === 'ready' && items.length === 0 && <p className="empty">{t('noTasks')}</p>}
      {state.kind === 'loading' && <p className="muted">{t('loading')}</p>}
      {cursor && state.kind === 'ready' && (
        <button type="button" onClick={() => load(filters, cursor)}>
          {t('loadMore')}
        </button>
      )}
    </section>
  );
}

const InboxRow = memo(function InboxRow(props: {
  item: InboxItem;
  selectable: boolean;
  selected: boolean;
  result: BulkResult | undefined;
  onToggle: (taskId: string, on: boolean) => void;
  onClaim: (item: InboxItem) => Promise<void>;
  t: Translate;
  locale: 'ja' | 'en';
}) {
  const { item, t, locale, result } = props;
  const due = dueState(item.dueDate, item.overdue);
  // Approved here (bulk): the task is no longer the caller's; the row says where the sheet went.
  const approved = result?.ok === true;
  return (
    <tr
      className={
        result ? (result.ok ? 'row-ok' : 'row-failed') : item.returned ? 'row-returned' : undefined
      }
    >
      <td>
        {props.selectable && !approved && (
          <input
            type="checkbox"
            aria-label={`${t('select')}: ${item.projectCode} ${item.projectName}`}
            checked={props.selected}
            onChange={(e) => props.onToggle(item.taskId, e.target.checked)}
          />
        )}
      </td>
      <td className="code">{item.projectCode}</td>
      <td>
        <a href={paths.sheet(item.sheetId)} onClick={linkClick}>
          {item.projectName}
        </a>
      </td>
      <td>{item.sectionName}</td>
      <td>
        {approved && result.stage ? (
          <>
            <del className="muted">{stageText(item.stage, locale)}</del> →{' '}
            {stageText(result.stage, locale)}
          </>
        ) : (
          stageText(item.stage, locale)
        )}
        {item.round > 1 && <span className="muted"> ({t('roundN', { n: item.round })})</span>}
      </td>
      <td className="date">{dateText(item.dueDate, locale)}</td>
      <td>
        {item.returned && !approved && (
          <span className="badge badge-returned">{t('returnedBadge')}</span>
        )}
        {due === 'overdue' && <span className="badge badge-overdue">{t('overdue')}</span>}
        {due === 'soon' && <span className="badge badge-soon">{t('dueSoon')}</span>}
        {!approved && (
          <span className={`badge badge-${item.kind}`}>
            {item.kind === 'mine' ? t('mine') : t('group')}
          </span>
        )}
        {result && (
          <span className={result.ok ? 'result-ok' : 'result-failed'}>
            {result.ok ? `✓ ${t('approved')}` : `✗ ${t('failed')}: ${result.error ?? ''}`}
          </span>
        )}
        {item.returned && item.returnComment && !approved && (
          <span className="return-comment">
            <span className="visually-hidden">{t('returnReason')}: </span>
            {item.returnComment}
          </span>
        )}
      </td>
      <td>
        {item.kind === 'group' && item.claimedBy === null && !approved && (
          <button
            type="button"
            aria-label={`${t('claim')}: ${item.projectCode}`}
            onClick={() => void props.onClaim(item)}
          >
            {t('claim')}
          </button>
        )}
      </td>
    </tr>
  );
});
