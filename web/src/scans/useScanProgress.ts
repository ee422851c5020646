import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import type { ApiClient } from "../api/client";
import { toApiError, type ApiError } from "../api/problem";
import type { LogFrame } from "../api/types";
import { isTerminal } from "../api/types";
import { stageLogCap } from "./logBuffer";
import { initialProgress, progressReducer, type ProgressState } from "./progressState";
import { buildConnection, stopWatching, watchScan, type ScanConnection } from "./hub";

const pageSize = 5000;
const pollMs = 2000;

/** Reads a stage's stored log in pages, keeping only the newest lines the panel can show. */
async function readStoredLog(api: ApiClient, scanId: string, stage: string, afterSeq: number, signal: AbortSignal) {
  let after = afterSeq;
  let kept: Awaited<ReturnType<ApiClient["logs"]>> = [];
  let total = 0;
  for (;;) {
    const page = await api.logs(scanId, { stage, after_seq: after, limit: pageSize }, signal);
    total += page.length;
    kept = [...kept, ...page].slice(-stageLogCap);
    if (page.length < pageSize) break;
    after = page[page.length - 1].seq;
  }
  return { lines: kept, total };
}

/**
 * A scan's live progress: the REST snapshot (scan, stages), then live frames until it ends (the self-host's
 * hub, else Azure SignalR Service through /v1/scans). Where neither answers, it polls the same REST routes.
 * Closing the drawer only stops watching; the scan goes on on the server.
 */
export function useScanProgress(api: ApiClient, scanId: string, selectedStage: string | null) {
  const [state, dispatch] = useReducer(progressReducer, initialProgress);
  const [error, setError] = useState<ApiError | null>(null);
  const stateRef = useRef<ProgressState>(state);
  stateRef.current = state;

  const refresh = useCallback(
    async (signal?: AbortSignal) => {
      const [scan, stages] = await Promise.all([api.scan(scanId, signal), api.stages(scanId, signal)]);
      dispatch({ type: "scan", scan });
      dispatch({ type: "stages", stages });
      return scan;
    },
    [api, scanId],
  );

  useEffect(() => {
    const abort = new AbortController();
    let connection: ScanConnection | null = null;
    let pollTimer: ReturnType<typeof setTimeout> | undefined;
    let pendingLogs: LogFrame[] = [];
    let flushTimer: ReturnType<typeof setTimeout> | undefined;
    const settleTimers: ReturnType<typeof setTimeout>[] = [];
    let stagesTimer: ReturnType<typeof setTimeout> | undefined;

    // Verbose scans send many lines a second: batch them into one render per frame interval.
    const flushLogs = () => {
      flushTimer = undefined;
      if (pendingLogs.length) dispatch({ type: "logs", frames: pendingLogs });
      pendingLogs = [];
    };

    const poll = async () => {
      if (abort.signal.aborted) return;
      try {
        const scan = await refresh(abort.signal);
        if (isTerminal(scan.status)) return;
      } catch (e) {
        if (!abort.signal.aborted) setError(toApiError(e));
      }
      pollTimer = setTimeout(poll, pollMs);
    };

    (async () => {
      let scan;
      try {
        scan = await refresh(abort.signal);
      } catch (e) {
        if (!abort.signal.aborted) setError(toApiError(e));
        return;
      }
      if (abort.signal.aborted) return;
      try {
        connection = await watchScan(api.apiKey, scanId, {
          progress: (frame) => {
            dispatch({ type: "progress", frame });
            if (isTerminal(frame.step)) {
              // The final record (error detail, counts, stage details) comes from the API. A cancel ends
              // the scan before its running stage is reclaimed, so read the stages again shortly after.
              flushLogs();
              for (const delay of [0, 1500, 5000]) settleTimers.push(setTimeout(() => refresh().catch(() => {}), delay));
            }
          },
          stage: (frame) => {
            dispatch({ type: "stage", frame });
            // A stage's detail ("4 components…", a skip reason) is in the stored row, not in the frame.
            if (frame.state !== "running" && frame.state !== "pending") {
              clearTimeout(stagesTimer);
              stagesTimer = setTimeout(() => api.stages(scanId, abort.signal).then((stages) => dispatch({ type: "stages", stages }), () => {}), 300);
            }
          },
          log: (frame) => {
            pendingLogs.push(frame);
            flushTimer ??= setTimeout(flushLogs, 50);
          },
          state: (s) => {
            // The connection gave up reconnecting: the REST routes carry the same state.
            if (s === "closed" && !abort.signal.aborted && !isTerminal(stateRef.current.scan?.status)) {
              dispatch({ type: "connection", connection: "polling" });
              clearTimeout(pollTimer);
              pollTimer = setTimeout(poll, pollMs);
              return;
            }
            dispatch({ type: "connection", connection: s });
          },
        }, { connect: buildConnection, subscribe: (id, connectionId) => api.subscribeScan(id, connectionId, abort.signal) });
        if (abort.signal.aborted) void stopWatching(connection);
      } catch {
        if (abort.signal.aborted) return;
        // Neither the hub nor the service answered (or they refused us): the REST routes carry the same state.
        dispatch({ type: "connection", connection: "polling" });
        if (!isTerminal(scan.status)) pollTimer = setTimeout(poll, pollMs);
      }
    })();

    return () => {
      abort.abort();
      clearTimeout(pollTimer);
      clearTimeout(flushTimer);
      settleTimers.forEach(clearTimeout);
      clearTimeout(stagesTimer);
      void stopWatching(connection);
    };
  }, [api, scanId, refresh]);

  // The selected stage's stored log: read once (earlier lines), then live frames append. When polling,
  // read the new lines of the selected stage on every tick while the scan runs.
  const polling = state.connection === "polling";
  const running = state.scan ? !isTerminal(state.scan.status) : false;
  useEffect(() => {
    if (!selectedStage) return;
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const read = async () => {
      const log = stateRef.current.logs[selectedStage];
      const incremental = log?.backfilled ?? false;
      try {
        const { lines, total } = await readStoredLog(api, scanId, selectedStage, incremental ? log!.lastSeq : 0, abort.signal);
        if (!abort.signal.aborted) dispatch({ type: "stored", stage: selectedStage, lines, total, incremental });
      } catch (e) {
        if (!abort.signal.aborted) setError(toApiError(e));
      }
      if (polling && running && !abort.signal.aborted) timer = setTimeout(read, pollMs);
    };
    if (!stateRef.current.logs[selectedStage]?.backfilled || (polling && running)) void read();
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, [api, scanId, selectedStage, polling, running]);

  return { state, dispatch, error, refresh };
}
