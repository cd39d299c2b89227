import { useCallback, useEffect, useRef, useState } from 'react';
import {
  diffContent,
  isRecord,
  validateDraft,
  validateForSubmit,
  type ContentChange,
  type DomainError,
  type Locale,
} from '@hyoka/domain';
import { api, ApiFailure, type SheetView } from '../api';
import { setLeaveGuard, unloadConfirmed } from '../router';
import type { ErrorMap, FieldUpdate } from './common';

export type SaveStatus =
  'saved' | 'dirty' | 'saving' | 'invalid' | 'offline' | 'expired' | 'conflict' | 'error';

export interface Conflict {
  readonly revision: number;
  readonly theirs: unknown;
  /** What the other person changed, against the revision this tab had loaded. */
  readonly changes: readonly ContentChange[];
}

/** Saved at every change (per tab): a reload, a crash or an expired session loses nothing. */
interface StoredDraft {
  readonly baseRevision: number;
  readonly base: unknown;
  readonly content: unknown;
}

const AUTOSAVE_DELAY_MS = 1000;
const VALIDATE_DELAY_MS = 200;
/** The tab's copy is written this long after the last change (and at once when the page hides). */
const STORE_DELAY_MS = 250;
const MAX_RETRY_MS = 30_000;

const draftKey = (userId: string, sheetId: string) => `hyoka:draft:${userId}:${sheetId}`;
const backupKey = (userId: string, sheetId: string) => `hyoka:backup:${userId}:${sheetId}`;

function readJson<T>(key: string): T | null {
  try {
    const text = sessionStorage.getItem(key);
    return text ? (JSON.parse(text) as T) : null;
  } catch {
    return null;
  }
}

const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

function errorMap(errors: readonly DomainError[], locale: Locale, previous: ErrorMap): ErrorMap {
  const map = new Map<string, string>();
  for (const e of errors) {
    const key = e.path.join('.');
    const text = e.message[locale];
    map.set(key, map.has(key) ? `${map.get(key)} ${text}` : text);
  }
  if (map.size === previous.size && [...map].every(([k, v]) => previous.get(k) === v))
    return previous;
  return map;
}

/**
 * The editor's draft: content in memory and in sessionStorage, autosave with If-Match, the save
 * state shown to the user, conflicts kept side by side, retries after network errors and after
 * signing in again, and validation with the domain's own rules (the server runs the same).
 */
export function useDraft(sheet: SheetView, userId: string, editable: boolean, locale: Locale) {
  const key = draftKey(userId, sheet.id);
  const [initial] = useState(() => {
    const stored = editable ? readJson<StoredDraft>(key) : null;
    if (!stored || same(stored.content, sheet.content)) {
      return { content: sheet.content, restored: false, conflict: null as Conflict | null };
    }
    if (stored.baseRevision === sheet.draftRevision)
      return { content: stored.content, restored: true, conflict: null };
    return {
      content: stored.content,
      restored: true,
      conflict: {
        revision: sheet.draftRevision,
        theirs: sheet.content,
        changes: diffContent(sheet.template, stored.base, sheet.content, {
          fiscalYear: sheet.fiscalYear,
          refs: sheet.refs,
          locale,
        }),
      },
    };
  });
  const [content, setContent] = useState<unknown>(initial.content);
  const [status, setStatus] = useState<SaveStatus>(
    initial.conflict ? 'conflict' : initial.restored ? 'dirty' : 'saved',
  );
  const [conflict, setConflict] = useState<Conflict | null>(initial.conflict);
  const [failure, setFailure] = useState<string | null>(null);
  const [backup, setBackup] = useState<unknown>(() => readJson(backupKey(userId, sheet.id)));
  const [errors, setErrors] = useState<ErrorMap>(new Map());
  const [submitChecks, setSubmitChecks] = useState(false);

  const base = useRef<{ revision: number; content: unknown }>({
    revision: initial.conflict
      ? (readJson<StoredDraft>(key)?.baseRevision ?? sheet.draftRevision)
      : sheet.draftRevision,
    content: initial.conflict ? readJson<StoredDraft>(key)?.base : sheet.content,
  });
  const contentRef = useRef(content);
  contentRef.current = content;
  const statusRef = useRef(status);
  statusRef.current = status;
  const saving = useRef<Promise<void> | null>(null);
  const timer = useRef<number | undefined>(undefined);
  const retryDelay = useRef(2000);
  const localeRef = useRef(locale);
  localeRef.current = locale;

  const draftOk = useCallback(
    (c: unknown) => validateDraft(sheet.template, c, { fiscalYear: sheet.fiscalYear }).ok,
    [sheet.template, sheet.fiscalYear],
  );

  const save = useCallback((): Promise<void> => {
    if (saving.current) return saving.current;
    window.clearTimeout(timer.current);
    if (statusRef.current === 'conflict' || !editable) return Promise.resolve();
    const snapshot = contentRef.current;
    if (same(snapshot, base.current.content)) {
      // Typed back to what the server has: nothing to save, and unsaved by reference no longer.
      base.current = { ...base.current, content: snapshot };
      setStatus('saved');
      sessionStorage.removeItem(key);
      return Promise.resolve();
    }
    if (!draftOk(snapshot)) {
      setStatus('invalid');
      return Promise.resolve();
    }
    setStatus('saving');
    const run = (async () => {
      try {
        const { draftRevision } = await api.saveDraft(sheet.id, base.current.revision, snapshot);
        base.current = { revision: draftRevision, content: snapshot };
        retryDelay.current = 2000;
        setFailure(null);
        if (contentRef.current === snapshot) {
          setStatus('saved');
          sessionStorage.removeItem(key);
        } else {
          setStatus('dirty');
          timer.current = window.setTimeout(() => void save(), AUTOSAVE_DELAY_MS);
        }
      } catch (error) {
        if (!(error instanceof ApiFailure)) throw error;
        const details = isRecord(error.body?.details) ? error.body.details : {};
        if (error.status === 412 && typeof details['currentRevision'] === 'number') {
          const theirs = details['content'];
          setConflict({
            revision: details['currentRevision'],
            theirs,
            changes: diffContent(sheet.template, base.current.content, theirs, {
              fiscalYear: sheet.fiscalYear,
              refs: sheet.refs,
              locale: localeRef.current,
            }),
          });
          setStatus('conflict');
        } else if (error.status === 401) {
          setStatus('expired');
        } else if (error.status === 0 || error.status >= 500) {
          setStatus('offline');
          const delay = retryDelay.current;
          retryDelay.current = Math.min(delay * 2, MAX_RETRY_MS);
          timer.current = window.setTimeout(() => void save(), delay);
        } else if (error.status === 422 && Array.isArray(details['errors'])) {
          setErrors((prev) =>
            errorMap(details['errors'] as DomainError[], localeRef.current, prev),
          );
          setStatus('invalid');
        } else {
          setFailure(error.text(localeRef.current));
          setStatus('error');
        }
      } finally {
        saving.current = null;
      }
    })();
    saving.current = run;
    return run;
  }, [draftOk, editable, key, sheet.fiscalYear, sheet.id, sheet.template]);

  // The tab's copy of the draft. Serialising the whole sheet on every keystroke would cost the
  // editor its smoothness, so it is written shortly after the last change, and at once when the
  // page hides (reload, tab closed, navigation away) or the editor closes.
  const storeTimer = useRef<number | undefined>(undefined);
  const storePending = useRef(false);
  const store = useCallback(() => {
    window.clearTimeout(storeTimer.current);
    // A deliberate sign-out has just removed this tab's drafts: a pending copy stays unwritten.
    if (!storePending.current || unloadConfirmed()) return;
    storePending.current = false;
    const current = contentRef.current;
    if (current === base.current.content) return;
    try {
      const stored: StoredDraft = {
        baseRevision: base.current.revision,
        base: base.current.content,
        content: current,
      };
      sessionStorage.setItem(key, JSON.stringify(stored));
    } catch {
      /* storage full or disabled: the in-memory draft and autosave remain */
    }
  }, [key]);
  useEffect(() => {
    window.addEventListener('pagehide', store);
    return () => {
      window.removeEventListener('pagehide', store);
      store();
    };
  }, [store]);

  // Every change (content is immutable: a new object is a change): keep it in this tab's
  // storage, validate soon, save a little later.
  useEffect(() => {
    if (!editable) return;
    if (content === base.current.content) return;
    storePending.current = true;
    window.clearTimeout(storeTimer.current);
    storeTimer.current = window.setTimeout(store, STORE_DELAY_MS);
    if (statusRef.current === 'conflict' || statusRef.current === 'expired') return;
    if (!saving.current) setStatus('dirty');
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => void save(), AUTOSAVE_DELAY_MS);
  }, [content, editable, save, store]);

  useEffect(() => {
    const handle = window.setTimeout(() => {
      const ctx = { fiscalYear: sheet.fiscalYear };
      const result = submitChecks
        ? validateForSubmit(sheet.template, content, { ...ctx, stage: sheet.stage })
        : validateDraft(sheet.template, content, ctx);
      setErrors((prev) => errorMap(result.errors, locale, prev));
    }, VALIDATE_DELAY_MS);
    return () => window.clearTimeout(handle);
  }, [content, locale, sheet.fiscalYear, sheet.stage, sheet.template, submitChecks]);

  useEffect(() => {
    const resume = () => {
      if (statusRef.current === 'expired' || statusRef.current === 'offline') void save();
    };
    window.addEventListener('hyoka:session-restored', resume);
    window.addEventListener('online', resume);
    return () => {
      window.removeEventListener('hyoka:session-restored', resume);
      window.removeEventListener('online', resume);
    };
  }, [save]);

  // Unsaved work: warn before the tab closes or the app navigates away.
  const unsaved = editable && content !== base.current.content;
  const unsavedRef = useRef(unsaved);
  unsavedRef.current = unsaved;
  useEffect(() => {
    const beforeUnload = (event: BeforeUnloadEvent) => {
      if (!unsavedRef.current || unloadConfirmed()) return;
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', beforeUnload);
    setLeaveGuard(() =>
      unsavedRef.current
        ? localeRef.current === 'ja'
          ? '保存されていない変更があります。このページを離れますか？'
          : 'You have unsaved changes. Leave this page?'
        : null,
    );
    return () => {
      window.removeEventListener('beforeunload', beforeUnload);
      setLeaveGuard(null);
      window.clearTimeout(timer.current);
    };
  }, []);

  const update: FieldUpdate = useCallback((blockKey, fieldKey, fn) => {
    setContent((prev: unknown) => {
      const root = isRecord(prev) ? prev : {};
      const block = isRecord(root[blockKey]) ? root[blockKey] : {};
      return { ...root, [blockKey]: { ...block, [fieldKey]: fn(block[fieldKey]) } };
    });
  }, []);

  const keepMine = useCallback(() => {
    if (!conflict) return;
    base.current = { revision: conflict.revision, content: conflict.theirs };
    setConflict(null);
    statusRef.current = 'dirty';
    setStatus('dirty');
    void save();
  }, [conflict, save]);

  const takeTheirs = useCallback(() => {
    if (!conflict) return;
    const mine = contentRef.current;
    sessionStorage.setItem(backupKey(userId, sheet.id), JSON.stringify(mine));
    setBackup(mine);
    base.current = { revision: conflict.revision, content: conflict.theirs };
    contentRef.current = conflict.theirs;
    setContent(conflict.theirs);
    setConflict(null);
    sessionStorage.removeItem(key);
    setStatus('saved');
  }, [conflict, key, sheet.id, userId]);

  const restoreBackup = useCallback(() => {
    if (backup === null) return;
    // Unsaved from this click on: the page never shows 保存済み with the backup not yet saved.
    if (!saving.current) setStatus('dirty');
    setContent(backup);
    sessionStorage.removeItem(backupKey(userId, sheet.id));
    setBackup(null);
  }, [backup, sheet.id, userId]);
  const discardBackup = useCallback(() => {
    sessionStorage.removeItem(backupKey(userId, sheet.id));
    setBackup(null);
  }, [sheet.id, userId]);

  /** Saves whatever is pending; true when the server has exactly this content. */
  const flush = useCallback(async (): Promise<boolean> => {
    if (!editable) return true;
    if (saving.current) await saving.current;
    await save();
    return same(contentRef.current, base.current.content);
  }, [editable, save]);

  /** Runs the submit checks; returns them (empty when fine). */
  const checkForSubmit = useCallback((): DomainError[] => {
    setSubmitChecks(true);
    const result = validateForSubmit(sheet.template, contentRef.current, {
      fiscalYear: sheet.fiscalYear,
      stage: sheet.stage,
    });
    setErrors((prev) => errorMap(result.errors, localeRef.current, prev));
    return result.errors;
  }, [sheet.fiscalYear, sheet.stage, sheet.template]);

  const discardLocal = useCallback(() => sessionStorage.removeItem(key), [key]);

  return {
    content,
    update,
    status,
    failure,
    conflict,
    keepMine,
    takeTheirs,
    backup,
    restoreBackup,
    discardBackup,
    restored: initial.restored,
    errors,
    save,
    flush,
    checkForSubmit,
    discardLocal,
  };
}
