import { useEffect, useMemo, useState } from 'react';
import { api, errorMessage } from '../api/client.js';
import type { Category } from '../api/types.js';

interface Lineage {
  id: string;
  status: string;
  displayName: string;
}

export interface CategoryIndex {
  /** The live categories, by name: the ones a person can choose. */
  list: Category[];
  /** The category's name for an id or key (a retired one's with its lineage); falls back to what it was given. */
  nameOf: (idOrKey: string | null | undefined) => string;
  error: string | null;
  loaded: boolean;
}

export function useCategories(): CategoryIndex {
  // Retired ones too, so history and past explanations still show their names.
  const [all, setAll] = useState<Category[]>([]);
  const [lineage, setLineage] = useState<ReadonlyMap<string, string>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    let live = true;
    Promise.all([
      api.get<{ items: Category[] }>('/api/v1/categories?includeRetired=true'),
      // A retired category's lineage ("Billing (retired, merged into Payments)"); history reads
      // fine without it, so a failure here is not one.
      api.get<{ categories: Lineage[] }>('/api/v1/taxonomy').catch(() => ({ categories: [] })),
    ])
      .then(([res, taxonomy]) => {
        if (!live) return;
        setAll([...res.items].sort((a, b) => a.name.localeCompare(b.name)));
        setLineage(
          new Map(taxonomy.categories.filter((c) => c.status !== 'live').map((c) => [c.id, c.displayName])),
        );
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
      idOrKey ? (lineage.get(idOrKey) ?? byIdOrKey.get(idOrKey)?.name ?? idOrKey) : '—';
    return { list, nameOf, error, loaded };
  }, [all, lineage, error, loaded]);
}
