import {
  type KeyboardEvent,
  type Ref,
  useEffect,
  useId,
  useImperativeHandle,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { Category } from '../api/types.js';
import { filterCategories } from './filter-categories.js';

export interface CategoryPickerHandle {
  /** Focuses the picker; `seed` starts the query (the key the person typed). */
  open: (seed?: string) => void;
}

interface CategoryPickerProps {
  categories: Category[];
  suggestedId: string | null;
  disabled: boolean;
  onChoose: (category: Category) => void;
  /** Escape: the picker gives focus back. */
  onCancel: () => void;
  ref?: Ref<CategoryPickerHandle>;
}

export function CategoryPicker({
  categories,
  suggestedId,
  disabled,
  onChoose,
  onCancel,
  ref,
}: CategoryPickerProps) {
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  // With an empty query, Enter chooses only after the person moved through the list.
  const [navigated, setNavigated] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const listId = useId();

  const options = useMemo(() => filterCategories(categories, query), [categories, query]);
  const activeIndex = Math.min(active, Math.max(0, options.length - 1));
  const activeOption = options[activeIndex];

  useImperativeHandle(
    ref,
    () => ({
      open: (seed = '') => {
        setQuery(seed);
        setActive(0);
        setNavigated(false);
        setOpen(true);
        inputRef.current?.focus();
      },
    }),
    [],
  );

  useEffect(() => {
    if (!open || !activeOption) return;
    const el = listRef.current?.querySelector<HTMLElement>(`[data-index="${activeIndex}"]`);
    el?.scrollIntoView({ block: 'nearest' });
  }, [open, activeOption, activeIndex]);

  const reset = () => {
    setQuery('');
    setActive(0);
    setNavigated(false);
    setOpen(false);
  };

  const choose = (category: Category | undefined) => {
    if (!category || disabled) return;
    reset();
    inputRef.current?.blur();
    onChoose(category);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        setOpen(true);
        setNavigated(true);
        setActive((i) => (options.length ? (Math.min(i, options.length - 1) + 1) % options.length : 0));
        break;
      case 'ArrowUp':
        e.preventDefault();
        setOpen(true);
        setNavigated(true);
        setActive((i) =>
          options.length ? (Math.min(i, options.length - 1) - 1 + options.length) % options.length : 0,
        );
        break;
      case 'Enter':
        e.preventDefault();
        if (open && (query.trim() || navigated)) choose(activeOption);
        break;
      case 'Escape':
        e.preventDefault();
        reset();
        inputRef.current?.blur();
        onCancel();
        break;
      default:
        break;
    }
  };

  const showList = open && !disabled;

  return (
    <div className="picker">
      <input
        ref={inputRef}
        data-testid="category-picker"
        className="picker-input"
        type="text"
        role="combobox"
        aria-label="Correct the category: type to filter"
        aria-expanded={showList}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={showList && activeOption ? `${listId}-${activeIndex}` : undefined}
        placeholder="Type a category to correct…"
        autoComplete="off"
        spellCheck={false}
        disabled={disabled}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={reset}
        onKeyDown={onKeyDown}
      />
      {showList && (
        <div className="picker-list" id={listId} role="listbox" ref={listRef} aria-label="Categories">
          {options.length === 0 && <div className="picker-empty">No category matches “{query}”</div>}
          {options.map((c, i) => (
            <div
              key={c.id}
              id={`${listId}-${i}`}
              data-index={i}
              data-testid="category-option"
              role="option"
              tabIndex={-1}
              aria-selected={i === activeIndex}
              className={i === activeIndex ? 'picker-option is-active' : 'picker-option'}
              onMouseDown={(e) => e.preventDefault()}
              onMouseEnter={() => setActive(i)}
              onClick={() => choose(c)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') choose(c);
              }}
            >
              <span className="picker-option-name">{c.name}</span>
              {c.id === suggestedId && <span className="picker-option-tag">suggested</span>}
              <span className="picker-option-key">{c.key}</span>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
