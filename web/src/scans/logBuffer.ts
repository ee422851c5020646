import type { LogLine } from "../api/types";

/** The progress drawer keeps the most recent ~500 lines per stage; older ones roll off. */
export const stageLogCap = 500;

export interface LogEntry {
  key: string;
  stream: string;
  line: string;
  ts: string;
}

export interface StageLog {
  entries: LogEntry[];
  /** Lines that rolled off the front (or were never loaded because of the cap). */
  dropped: number;
  /** The stored log has been read once for this stage (so earlier lines are present). */
  backfilled: boolean;
  /** The highest stored `seq` seen, for incremental reads when there is no live connection. */
  lastSeq: number;
}

export const emptyStageLog: StageLog = { entries: [], dropped: 0, backfilled: false, lastSeq: 0 };

/**
 * A live frame and its stored row carry the same line and timestamp; the key matches them up
 * (millisecond precision, which both sides keep) so a line read back from the API is not shown twice.
 */
export function entryKey(ts: string, stream: string, line: string): string {
  const ms = Date.parse(ts);
  return `${Number.isNaN(ms) ? ts : ms}|${stream}|${line}`;
}

export function toEntry(line: { ts: string; stream: string; line: string }): LogEntry {
  return { key: entryKey(line.ts, line.stream, line.line), stream: line.stream, line: line.line, ts: line.ts };
}

function capped(entries: LogEntry[], dropped: number, cap: number): { entries: LogEntry[]; dropped: number } {
  if (entries.length <= cap) return { entries, dropped };
  const excess = entries.length - cap;
  return { entries: entries.slice(excess), dropped: dropped + excess };
}

// Duplicates (a re-subscribe's snapshot line, a frame also read back) sit near the end.
const duplicateWindow = 64;

/** Appends live lines, skipping ones already shown, keeping at most `cap`. */
export function appendLive(log: StageLog, lines: LogEntry[], cap: number = stageLogCap): StageLog {
  const next = log.entries.slice();
  for (const entry of lines) {
    const from = Math.max(0, next.length - duplicateWindow);
    let seen = false;
    for (let i = next.length - 1; i >= from; i--) {
      if (next[i].key === entry.key) {
        seen = true;
        break;
      }
    }
    if (!seen) next.push(entry);
  }
  return { ...log, ...capped(next, log.dropped, cap) };
}

/**
 * Merges the stored log (read from the API, in seq order) with what arrived live meanwhile: the stored
 * lines first, then live lines that the read did not include yet. `total` is how many stored lines exist
 * (more than were fetched when the read kept only the tail).
 */
export function mergeStored(log: StageLog, stored: LogLine[], total: number, cap: number = stageLogCap): StageLog {
  const storedEntries = stored.map(toEntry);
  const known = new Set(storedEntries.map((e) => e.key));
  const liveAfter = log.entries.filter((e) => !known.has(e.key));
  const lastSeq = stored.reduce((max, l) => Math.max(max, l.seq), log.lastSeq);
  const merged = capped([...storedEntries, ...liveAfter], Math.max(0, total - stored.length), cap);
  return { entries: merged.entries, dropped: merged.dropped, backfilled: true, lastSeq };
}

/** New stored lines read incrementally (after `lastSeq`, when there is no live connection). */
export function appendStored(log: StageLog, stored: LogLine[], cap: number = stageLogCap): StageLog {
  const next = appendLive(log, stored.map(toEntry), cap);
  return { ...next, lastSeq: stored.reduce((max, l) => Math.max(max, l.seq), log.lastSeq) };
}
