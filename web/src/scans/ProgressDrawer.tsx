import { useEffect, useRef, useState } from "react";
import { Link } from "react-router";
import { isTerminal } from "../api/types";
import { countOf } from "../components/plural";
import { ProblemMessage } from "../components/ProblemMessage";
import { StatusChip } from "../components/StatusChip";
import { Time } from "../components/Time";
import { useSession } from "../session/SessionContext";
import { CancelScanButton } from "./CancelScanButton";
import { DownloadLogButton } from "./DownloadLogButton";
import { LogPanel } from "./LogPanel";
import { activeStage } from "./progressState";
import { useScanDrawer } from "./ScanDrawerContext";
import { scanEvents } from "./scanEvents";
import { StageList } from "./StageList";
import { stageLabel } from "./stages";
import { useScanProgress } from "./useScanProgress";

const connectionText = {
  connecting: "Connecting…",
  live: "Live",
  reconnecting: "Reconnecting…",
  polling: "Updating every 2 s",
  closed: "",
} as const;

/** The right-side scan progress drawer: stage list, per-stage log panel, and the action footer. */
export function ProgressDrawer({ scanId }: { scanId: string }) {
  const { api } = useSession();
  const { notice, closeScan } = useScanDrawer();
  const [picked, setPicked] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const { state, error, refresh } = useScanProgress(api, scanId, selected);
  const { scan, stages, percent, step, logs, connection } = state;
  const finished = scan ? isTerminal(scan.status) : false;
  const heading = useRef<HTMLHeadingElement>(null);

  // Follow the active stage until the reader picks one.
  const auto = activeStage(stages);
  useEffect(() => setSelected(picked ?? auto), [picked, auto]);
  useEffect(() => setPicked(null), [scanId]);
  useEffect(() => {
    // Focus moves into the drawer, and back to whatever opened it (a chip, a Scan button) when it closes.
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    heading.current?.focus();
    return () => {
      if (opener?.isConnected) opener.focus();
    };
  }, [scanId]);

  // Lists refresh as soon as the scan moves to another status.
  const status = scan?.status;
  useEffect(() => {
    if (status) scanEvents.emit();
  }, [status]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape" && !document.querySelector("dialog[open]")) closeScan();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [closeScan]);

  const project = scan ? { id: scan.project_id, name: scan.project_name } : null;

  return (
    <aside className="drawer" role="dialog" aria-modal="false" aria-labelledby="drawer-title">
      <header className="drawer-head">
        <div>
          <h2 id="drawer-title" ref={heading} tabIndex={-1}>
            Scan progress
          </h2>
          {project && (
            <p className="drawer-sub">
              <Link to={`/projects/${project.id}`}>{project.name}</Link> · {scan!.kind}
              {scan!.metadata.image_ref ? ` · ${scan!.metadata.image_ref}` : ""}
              {scan!.metadata.verbosity === "verbose" && <span className="tag">verbose</span>}
            </p>
          )}
        </div>
        <div className="drawer-head-right">
          {scan && <StatusChip status={scan.status} />}
          <button type="button" className="icon-button" onClick={closeScan} aria-label="Close the progress drawer">
            ×
          </button>
        </div>
      </header>

      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <ProblemMessage error={error} />

      {scan && (
        <div className="drawer-progress">
          <div
            className={`progress-bar progress-${scan.status}`}
            role="progressbar"
            aria-label="Scan progress"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
          >
            <span style={{ width: `${percent}%` }} />
          </div>
          <div className="drawer-progress-text">
            <span>
              {percent}% · {step ? (isTerminal(step) ? step : stageLabel(step)) : "queued"}
            </span>
            <span className="muted">
              {finished ? "" : `${connectionText[connection]} · `}started <Time iso={scan.started_at ?? scan.created_at} />
            </span>
          </div>
          {scan.status === "failed" && scan.error_detail && <p className="error-detail">{scan.error_detail}</p>}
          {scan.status === "cancelled" && <p className="muted">Cancelled ({scan.error_detail ?? "cancelled by user"}).</p>}
          {scan.status === "succeeded" && (
            <p className="muted">
              {countOf(scan.counts.components, "component")} · {countOf(scan.counts.licenses, "license")} · {countOf(scan.counts.vulnerabilities, "vulnerability", "vulnerabilities")}
              {scan.vulnerability_db === "absent" && " · vulnerability DB absent"}
            </p>
          )}
        </div>
      )}

      <div className="drawer-body">
        <StageList stages={stages} selected={selected} finished={finished} onSelect={setPicked} />
        {selected && <LogPanel stageLabel={stageLabel(selected)} log={logs[selected]} />}
      </div>

      <footer className="drawer-foot">
        {scan && <DownloadLogButton api={api} scanId={scanId} />}
        {scan && !finished && (
          <CancelScanButton api={api} scanId={scanId} onCancelled={() => refresh().catch(() => {})} />
        )}
        {scan && finished && (
          <button type="button" className="button" onClick={closeScan}>
            Close
          </button>
        )}
      </footer>
    </aside>
  );
}
