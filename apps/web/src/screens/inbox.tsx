import { useCallback, useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import {
  api,
  ApiFailure,
  type BulkResult,
  type InboxFilters,
  type InboxItem,
  type Me,
} from '../api';
import type { SavedFilter, SavedFilterFields } from '../api-inbox-filters';
import { fiscalYearText, stageText } from '../format';
import { useI18n } from '../i18n';
import { queryKeys } from '../query';
import { ConfirmDialog } from '../confirm-dialog';
import { takeFlash } from '../flash';
import { DoneNotice } from '../done-notice';
import { InboxRow } from './inbox-row';
import { SavedFilters } from './inbox-saved-filters';

const PAGE = 100;
/** The first stage is where sheets are written, not reviewed: nothing to approve there. */
const ENTRY_STAGE = 'self_evaluation';
/** Every inbox query, whatever its filters: what an action on a task invalidates. */
const ALL_INBOX = [queryKeys.inbox()[0]] as const;

/** The filter inputs as typed: one per field of the API's filter, text except the checkbox. */
type FilterState = {
  [K in keyof Required<SavedFilterFields>]: K extends 'overdue' ? boolean : string;
};
const NO_FILTERS: FilterState = {
  stage: '',
  sectionId: '',
  programme: '',
  fiscalYear: '',
  overdue: false,
  q: '',
};

/** The chosen filters as the API takes them (and as a saved filter keeps them). */
function toFields(f: FilterState): SavedFilterFields {
  return {
    ...(f.stage ? { stage: f.stage } : {}),
    ...(f.sectionId ? { sectionId: f.sectionId } : {}),
    ...(f.programme ? { programme: f.programme } : {}),
    ...(f.fiscalYear ? { fiscalYear: Number(f.fiscalYear) } : {}),
    ...(f.overdue ? { overdue: true } : {}),
    ...(f.q.trim() ? { q: f.q.trim() } : {}),
  };
}

function fromFields(f: SavedFilterFields): FilterState {
  return {
    stage: f.stage ?? '',
    sectionId: f.sectionId ?? '',
    programme: f.programme ?? '',
    fiscalYear: f.fiscalYear ? String(f.fiscalYear) : '',
    overdue: f.overdue === true,
    q: f.q ?? '',
  };
}

/**
 * The person's tasks, from the TanStack Query cache (`queryKeys.inbox(filters)`, pages of 100):
 * after an approval or a claim the inbox queries are invalidated, so every row shows the
 * server's state without a reload. Rows approved here stay in view with where they went.
 */
export function InboxScreen(_props: { me: Me }) {
  const { t, locale } = useI18n();
  const client = useQueryClient();
  /** The form's fields, and the filters the list shows (applied). */
  const [filters, setFilters] = useState<FilterState>(NO_FILTERS);
  const [applied, setApplied] = useState<SavedFilterFields>({});
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [results, setResults] = useState<ReadonlyMap<string, BulkResult>>(new Map());
  /** Rows approved on this screen, as they were: kept in view with their result. */
  const [settled, setSettled] = useState<readonly InboxItem[]>([]);
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

  const inbox = useInfiniteQuery({
    queryKey: queryKeys.inbox(applied),
    queryFn: ({ pageParam }) => {
      const query: InboxFilters = { limit: PAGE, ...applied };
      return api.inbox(pageParam ? { ...query, cursor: pageParam } : query);
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const served = useMemo(() => inbox.data?.pages.flatMap((p) => p.items) ?? [], [inbox.data]);
  for (const i of served) {
    known.current.set(i.sectionId, i.sectionName);
    years.current.add(i.fiscalYear);
  }
  const items = useMemo(() => {
    const shown = new Set(served.map((i) => i.taskId));
    return [...settled.filter((i) => !shown.has(i.taskId)), ...served];
  }, [served, settled]);
  const counts = inbox.data?.pages[0]?.counts ?? {};
  const programmes = inbox.data?.pages[0]?.programmes ?? [];
  const ready = inbox.isSuccess;
  // Background refetches (after an action) keep the rows on screen: only a first load shows it.
  const loading = inbox.isPending || inbox.isFetchingNextPage;

  // First meaningful paint of the inbox: the first page of rows is on screen.
  const marked = useRef(false);
  useEffect(() => {
    if (!ready || marked.current) return;
    marked.current = true;
    requestAnimationFrame(() => performance.mark('hyoka:inbox-rendered'));
  }, [ready]);

  /** Shows the list under other filters: a fresh selection and no results of earlier actions. */
  const show = (next: FilterState) => {
    setFilters(next);
    setApplied(toFields(next));
    setSelected(new Set());
    setResults(new Map());
    setSettled([]);
  };
  const apply = (event: FormEvent) => {
    event.preventDefault();
    show(filters);
  };
  const clear = () => show(NO_FILTERS);
  const pickStage = (stage: string) => show({ ...filters, stage });
  const pickProgramme = (programme: string) => show({ ...filters, programme });
  const applySaved = (f: SavedFilter) => {
    show(fromFields(f.filters));
    setDone(t('filterApplied', { name: f.name }));
  };

  const toggle = useCallback((taskId: string, on: boolean) => {
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(taskId);
      else next.delete(taskId);
      return next;
    });
  }, []);
  const approvable = useMemo(
    () => items.filter((i) => i.stage !== ENTRY_STAGE && results.get(i.taskId)?.ok !== true),
    [items, results],
  );
  const allSelected = approvable.length > 0 && approvable.every((i) => selected.has(i.taskId));
  const failure = useCallback(
    (error: unknown) => (error instanceof ApiFailure ? error.text(locale) : String(error)),
    [locale],
  );

  const claim = useMutation({
    mutationFn: (item: InboxItem) =>
      api.act(item.sheetId, 'claim', { expectedStage: item.stage, expectedRound: item.round }),
    onSuccess: (_done, item) => setAnnounce(`${item.projectCode} ${t('claimed')}`),
    onError: (error, item) =>
      setResults((prev) =>
        new Map(prev).set(item.taskId, { taskId: item.taskId, ok: false, error: failure(error) }),
      ),
    onSettled: () => client.invalidateQueries({ queryKey: ALL_INBOX }),
  });
  const claimTask = claim.mutateAsync;
  const onClaim = useCallback(
    (item: InboxItem) =>
      claimTask(item).then(
        () => undefined,
        () => undefined,
      ),
    [claimTask],
  );

  const bulk = useMutation({
    mutationFn: (chosen: readonly InboxItem[]) => api.bulkApprove(chosen, locale),
    onSuccess: (out, chosen) => {
      setResults(new Map(out.map((r) => [r.taskId, r])));
      const approved = new Set(out.filter((r) => r.ok).map((r) => r.taskId));
      setSettled((prev) => [...prev, ...chosen.filter((i) => approved.has(i.taskId))]);
      // Shown (and announced: role=status) by the done notice above the table.
      setDone(t('bulkDone', { ok: approved.size, ng: out.length - approved.size }));
      setSelected(new Set(out.filter((r) => !r.ok).map((r) => r.taskId)));
    },
    onError: (error) => setAnnounce(failure(error)),
    onSettled: () => {
      setConfirmBulk(false);
      return client.invalidateQueries({ queryKey: ALL_INBOX });
    },
  });
  const bulkApprove = () => {
    const chosen = items.filter((i) => selected.has(i.taskId));
    if (chosen.length > 0) bulk.mutate(chosen);
  };
  const bulkBusy = bulk.isPending;

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

      {programmes.length > 1 || filters.programme ? (
        <nav className="stage-counts programme-counts" aria-label={t('countsPerProgramme')}>
          <button
            type="button"
            aria-pressed={filters.programme === ''}
            onClick={() => pickProgramme('')}
          >
            {t('allProgrammes')}{' '}
            <span className="count">{programmes.reduce((a, p) => a + p.n, 0)}</span>
          </button>
          {programmes.map((p) => (
            <button
              key={p.code}
              type="button"
              aria-pressed={filters.programme === p.code}
              onClick={() => pickProgramme(p.code)}
            >
              {p.name[locale]} <span className="count">{p.n}</span>
            </button>
          ))}
        </nav>
      ) : null}

      <form className="filters" onSubmit={apply} aria-label={t('filters')}>
        {programmes.length > 1 || filters.programme ? (
          <div className="form-row">
            <label htmlFor={`${formId}-programme`}>{t('programme')}</label>
            <select
              id={`${formId}-programme`}
              value={filters.programme}
              onChange={(e) => setFilters({ ...filters, programme: e.target.value })}
            >
              <option value="">{t('allProgrammes')}</option>
              {programmes.map((p) => (
                <option key={p.code} value={p.code}>
                  {p.name[locale]}
                </option>
              ))}
            </select>
          </div>
        ) : null}
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

      <SavedFilters current={toFields(filters)} onApply={applySaved} onDone={setDone} />

      <DoneNotice message={done} onClose={() => setDone(null)} />
      <ConfirmDialog
        open={confirmBulk}
        busy={bulkBusy}
        title={t('confirmBulkTitle', { n: selected.size })}
        confirmLabel={t('confirmYesApprove')}
        cancelLabel={t('cancel')}
        onConfirm={bulkApprove}
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

      {inbox.isError && (
        <p role="alert" className="error-banner">
          {failure(inbox.error)}{' '}
          <button type="button" onClick={() => void inbox.refetch()}>
            {t('retry')}
          </button>
        </p>
      )}

      <table className="inbox-table" aria-busy={loading}>
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
              showProgramme={programmes.length > 1}
              selected={selected.has(item.taskId)}
              result={results.get(item.taskId)}
              onToggle={toggle}
              onClaim={onClaim}
              t={t}
              locale={locale}
            />
          ))}
        </tbody>
      </table>
      {ready && items.length === 0 && <p className="empty">{t('noTasks')}</p>}
      {loading && <p className="muted">{t('loading')}</p>}
      {inbox.hasNextPage && ready && !inbox.isFetchingNextPage && (
        <button type="button" onClick={() => void inbox.fetchNextPage()}>
          {t('loadMore')}
        </button>
      )}
    </section>
  );
}
