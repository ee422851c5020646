import { useCallback, useEffect, useState } from "react";
import { toApiError, type ApiError } from "../api/problem";

export const pageSize = 200;

/** A findings list read page by page (limit/offset); "Load more" asks for the next page. */
export function usePagedList<T>(fetchPage: (limit: number, offset: number, signal: AbortSignal) => Promise<T[]>, key: string) {
  const [items, setItems] = useState<T[] | null>(null);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(
    async (offset: number, signal: AbortSignal) => {
      setLoading(true);
      try {
        const page = await fetchPage(pageSize, offset, signal);
        setItems((prev) => (offset === 0 ? page : [...(prev ?? []), ...page]));
        setMore(page.length === pageSize);
        setError(null);
      } catch (e) {
        if (!signal.aborted) setError(toApiError(e));
      } finally {
        if (!signal.aborted) setLoading(false);
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key],
  );

  useEffect(() => {
    const abort = new AbortController();
    setItems(null);
    void load(0, abort.signal);
    return () => abort.abort();
  }, [load]);

  const loadMore = () => void load(items?.length ?? 0, new AbortController().signal);
  return { items, more, error, loading, loadMore };
}
