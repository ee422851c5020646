import { useLayoutEffect, useRef, useState } from "react";
import type { StageLog } from "./logBuffer";
import { stageLogCap } from "./logBuffer";
import { isNearBottom } from "./scrollFollow";

interface Props {
  stageLabel: string;
  log: StageLog | undefined;
}

/**
 * One stage's log lines. It follows new lines while the reader is near the bottom and pauses when they
 * scroll up to read; "Jump to latest" resumes. At most ~500 lines per stage are kept.
 */
export function LogPanel({ stageLabel, log }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  const [paused, setPaused] = useState(false);
  const entries = log?.entries ?? [];
  const last = entries.length ? entries[entries.length - 1].key : "";

  useLayoutEffect(() => {
    const el = ref.current;
    if (el && following.current) el.scrollTop = el.scrollHeight;
  }, [last, entries.length, stageLabel]);

  // Another stage: start at its newest line again.
  useLayoutEffect(() => {
    following.current = true;
    setPaused(false);
  }, [stageLabel]);

  const onScroll = () => {
    const el = ref.current;
    if (!el) return;
    following.current = isNearBottom(el);
    setPaused(!following.current);
  };

  const resume = () => {
    const el = ref.current;
    following.current = true;
    setPaused(false);
    if (el) el.scrollTop = el.scrollHeight;
  };

  return (
    <section className="log-panel" aria-label={`Log: ${stageLabel}`}>
      <div className="log-panel-head">
        <span>
          Log · <strong>{stageLabel}</strong>
        </span>
        {paused && (
          <button type="button" className="link-button" onClick={resume}>
            Auto-scroll paused · Jump to latest
          </button>
        )}
      </div>
      <div ref={ref} className="log-lines" role="log" aria-live="off" tabIndex={0} onScroll={onScroll}>
        {log && log.dropped > 0 && (
          <div className="log-note">
            {log.dropped} earlier line{log.dropped === 1 ? "" : "s"} not shown: the panel keeps the latest {stageLogCap} per stage.
          </div>
        )}
        {entries.length === 0 && <div className="log-note">No log lines for this stage yet.</div>}
        {entries.map((e, i) => (
          <div key={`${i}:${e.key}`} className={`log-line log-${e.stream}`}>
            {e.line}
          </div>
        ))}
      </div>
    </section>
  );
}
