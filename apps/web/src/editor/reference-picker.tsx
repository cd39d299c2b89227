import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import type { LocalizedText, Path } from '@hyoka/domain';
import { api, type ReferenceOptions } from '../api';
import { useI18n } from '../i18n';
import { inputId, invalidProps } from './common';

type Option = ReferenceOptions['items'][number];

/** The sheet a reference field belongs to, and the names of the ids its content holds. */
interface ReferenceScope {
  readonly sheetId: string;
  readonly names: Readonly<Record<string, LocalizedText>>;
  /** Keeps the name of an id just picked (the sheet's answer named only the ids it held). */
  readonly remember: (id: string, name: LocalizedText) => void;
}

const ReferenceContext = createContext<ReferenceScope | null>(null);

/** Gives the editor's reference fields their sheet and the names the API answered. */
export function ReferenceProvider(props: {
  sheetId: string;
  names: Readonly<Record<string, LocalizedText>>;
  children: ReactNode;
}) {
  const [picked, setPicked] = useState<Record<string, LocalizedText>>({});
  const remember = useCallback(
    (id: string, name: LocalizedText) => setPicked((p) => (p[id] ? p : { ...p, [id]: name })),
    [],
  );
  const value = useMemo(
    () => ({ sheetId: props.sheetId, names: { ...props.names, ...picked }, remember }),
    [props.sheetId, props.names, picked, remember],
  );
  return <ReferenceContext.Provider value={value}>{props.children}</ReferenceContext.Provider>;
}

/** The display name of a referenced id (the id itself when the API did not name it). */
export function useReferenceName(): (id: string) => string | undefined {
  const scope = useContext(ReferenceContext);
  const { l } = useI18n();
  return useCallback(
    (id: string) => {
      const name = scope?.names[id];
      return name ? l(name) : undefined;
    },
    [scope, l],
  );
}

const SEARCH_DELAY_MS = 200;

/**
 * A reference field (a person or a section): shows the name, and picks another by searching
 * names, sections and e-mail addresses (an ARIA 1.2 combobox with a list box). The people of the
 * sheet's section come first. Stores the id.
 */
export function ReferencePicker(props: {
  path: Path;
  label: string;
  target: 'person' | 'section';
  value: unknown;
  readOnly: boolean;
  message: string | undefined;
  set: (value: unknown) => void;
}) {
  const { path, target, readOnly, message, set } = props;
  const { t, l } = useI18n();
  const scope = useContext(ReferenceContext);
  const id = inputId(path);
  const listId = `${useId()}-list`;
  const current = typeof props.value === 'string' && props.value !== '' ? props.value : null;
  const currentName = current
    ? scope?.names[current]
      ? l(scope.names[current])
      : t('refUnknown')
    : '';
  const [query, setQuery] = useState<string | null>(null);
  const [options, setOptions] = useState<Option[] | null>(null);
  const [active, setActive] = useState(0);
  const open = query !== null;
  const seq = useRef(0);

  useEffect(() => {
    if (query === null || !scope) return;
    const n = ++seq.current;
    const timer = window.setTimeout(() => {
      api.referenceOptions(scope.sheetId, target, query.trim()).then(
        (r) => {
          if (n !== seq.current) return;
          setOptions(r.items);
          setActive(0);
        },
        () => n === seq.current && setOptions([]),
      );
    }, SEARCH_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [query, scope, target]);

  const close = () => {
    seq.current++;
    setQuery(null);
    setOptions(null);
  };
  const choose = (o: Option) => {
    scope?.remember(o.id, o.name);
    set(o.id);
    close();
  };

  if (readOnly)
    return (
      <input
        id={id}
        type="text"
        readOnly
        value={currentName}
        title={current ?? undefined}
        {...invalidProps(path, message)}
      />
    );
  return (
    <div className="ref-picker">
      <input
        id={id}
        type="text"
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={open && options !== null}
        aria-controls={listId}
        aria-activedescendant={
          open && options && options[active] ? `${listId}-${options[active].id}` : undefined
        }
        placeholder={target === 'person' ? t('refSearchPerson') : t('refSearchSection')}
        value={query ?? currentName}
        onFocus={(e) => e.currentTarget.select()}
        onChange={(e) => setQuery(e.target.value)}
        onBlur={() => window.setTimeout(close, 150)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            if (!open) setQuery('');
            else if (options) setActive((a) => Math.min(a + 1, options.length - 1));
          } else if (e.key === 'ArrowUp' && options) {
            e.preventDefault();
            setActive((a) => Math.max(a - 1, 0));
          } else if (e.key === 'Enter' && open && options?.[active]) {
            e.preventDefault();
            choose(options[active]);
          } else if (e.key === 'Escape' && open) {
            e.preventDefault();
            close();
          }
        }}
        {...invalidProps(path, message)}
      />
      {open && (
        <ul
          id={listId}
          role="listbox"
          className="ref-options"
          aria-label={t('refOptions', { label: props.label })}
        >
          {options === null ? (
            <li className="muted" role="presentation">
              {t('refSearching')}
            </li>
          ) : options.length === 0 ? (
            <li className="muted" role="presentation">
              {t('refNoMatch')}
            </li>
          ) : (
            options.map((o, i) => (
              <li
                key={o.id}
                id={`${listId}-${o.id}`}
                role="option"
                aria-selected={i === active}
                className={i === active ? 'active' : undefined}
                onMouseDown={(e) => {
                  // Keeps the input's focus until the choice is made.
                  e.preventDefault();
                  choose(o);
                }}
              >
                <span className="ref-name">{l(o.name)}</span>
                {o.inSection && <span className="tag">{t('refInSection')}</span>}
                <span className="muted small"> {o.detail}</span>
              </li>
            ))
          )}
        </ul>
      )}
      <span className="visually-hidden" role="status" aria-live="polite">
        {open && options ? t('refCount', { n: options.length }) : ''}
      </span>
    </div>
  );
}
