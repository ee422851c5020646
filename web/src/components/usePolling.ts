import { useEffect, useRef } from "react";
import { scanEvents } from "../scans/scanEvents";

/**
 * Runs `load` now, every `intervalMs` while the tab is visible, and whenever a scan starts, moves or
 * ends (scanEvents). The callback always sees fresh props.
 */
export function usePolling(load: (signal: AbortSignal) => Promise<void>, intervalMs: number, deps: unknown[]) {
  const latest = useRef(load);
  latest.current = load;
  useEffect(() => {
    let abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = async () => {
      clearTimeout(timer);
      abort.abort();
      abort = new AbortController();
      const mine = abort;
      try {
        await latest.current(mine.signal);
      } catch {
        // load reports its own errors; polling goes on.
      }
      if (!mine.signal.aborted) timer = setTimeout(tick, intervalMs);
    };
    const tick = () => {
      if (document.visibilityState === "visible") void run();
      else timer = setTimeout(tick, intervalMs);
    };
    void run();
    const unsubscribe = scanEvents.subscribe(() => void run());
    return () => {
      unsubscribe();
      clearTimeout(timer);
      abort.abort();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [intervalMs, ...deps]);
}
