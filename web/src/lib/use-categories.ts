import { useEffect, useMemo, useState } from 'react';
import { api, errorMessage } from '../api/client.js';
import type { Category } from '../api/types.js';

export interface CategoryIndex {
  /** The live categories, by name: the ones a person can choose. */
  list: Category[];
  /** The category's name for an id or key; falls back to what it was given. */
  nameOf: (idOrKey: string | null | undefined) => string;
  error: string | null;
  loaded: boolean;
}

export function useCategories(): CategoryIndex {
  // Retired ones too, so history and past explanations still show their names.
  const [all, setAll] = useState<Category[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    let live = true;
    api
      .get<{ items: Category[] }>('/api/v1/categories?includeRetired=true')
      .then((res) => {
        if (!live) return;
        setAll([...res.items].sort((a, b) => a.name.localeCompare(b.name)));
        setLoaded(true);
      })
      .catch((err: unknown) => {
        if (live) setError(errorMessage(err));
      });
    return () => {
      live = false;
    };
  }, []);

  return useMemo(() => {
    const list = all.filter((c) => !c.retiredAt);
    const byIdOrKey = new Map<string, Category>();
    for (const c of all) {
      byIdOrKey.set(c.id, c);
      byIdOrKey.set(c.key, c);
    }
    const nameOf = (idOrKey: string | null | undefined) =>
      idOrKey ? (byIdOrKey.get(idOrKey)?.name ?? idOrKey) : '—';
    return { list, nameOf, error, loaded };
  }, [all, error, loaded]);
}
