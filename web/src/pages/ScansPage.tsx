import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { toApiError, type ApiError } from "../api/problem";
import type { Scan } from "../api/types";
import { isActive, isTerminal } from "../api/types";
import { countOf } from "../components/plural";
import { ProblemMessage } from "../components/ProblemMessage";
import { StatusChip } from "../components/StatusChip";
import { TabPanel, Tabs } from "../components/Tabs";
import { Time } from "../components/Time";
import { duration } from "../components/time";
import { usePolling } from "../components/usePolling";
import { CancelScanButton } from "../scans/CancelScanButton";
import { useScanDrawer } from "../scans/ScanDrawerContext";
import { scanEvents } from "../scans/scanEvents";
import { stageLabel } from "../scans/stages";
import { useSession } from "../session/SessionContext";
import { allTeams } from "../session/storage";

const statusTabs = [
  { id: "running", label: "Running" },
  { id: "queued", label: "Queued" },
  { id: "succeeded", label: "Succeeded" },
  { id: "failed", label: "Failed" },
  { id: "all", label: "All" },
];

/** The global scan queue (/scans): status tabs, a Project column, and Cancel on queued/running rows. */
export function ScansPage() {
  const { api, team } = useSession();
  const { openScan } = useScanDrawer();
  const [params, setParams] = useSearchParams();
  const status = statusTabs.some((t) => t.id === params.get("status")) ? params.get("status")! : "running";
  const [scans, setScans] = useState<Scan[] | null>(null);
  const [teamOf, setTeamOf] = useState<Map<string, string>>(new Map());
  const [error, setError] = useState<ApiError | null>(null);

  usePolling(
    async (signal) => {
      try {
        const [items, projects] = await Promise.all([
          api.scans(status, 200, signal),
          team === allTeams ? Promise.resolve(null) : api.projects(signal),
        ]);
        if (projects) setTeamOf(new Map(projects.map((p) => [p.id, p.team_id])));
        setScans(items);
        setError(null);
      } catch (e) {
        if (!signal.aborted) setError(toApiError(e));
      }
    },
    2000,
    [api, status, team],
  );

  const selectTab = (id: string) => {
    setScans(null);
    setParams((p) => {
      const next = new URLSearchParams(p);
      next.set("status", id);
      return next;
    });
  };
  const visible = (scans ?? []).filter((s) => team === allTeams || teamOf.get(s.project_id) === team);

  return (
    <section className="page" aria-labelledby="scans-title">
      <header className="page-head">
        <h1 id="scans-title">Scans</h1>
        <p className="muted">Every scan across your teams, newest first. Rows update live.</p>
      </header>
      <Tabs label="Scan status" tabs={statusTabs} selected={status} onSelect={selectTab} idPrefix="queue" />
      <TabPanel idPrefix="queue" selected={status}>
        <ProblemMessage error={error} />
        {scans === null && !error && <p className="muted">Loading…</p>}
        {scans !== null && visible.length === 0 && <p className="empty">No {status === "all" ? "" : `${status} `}scans.</p>}
        {visible.length > 0 && (
          <div className="table-wrap">
            <table className="table scans-table">
              <thead>
                <tr>
                  <th scope="col">Project</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Status</th>
                  <th scope="col">Step</th>
                  <th scope="col">Created</th>
                  <th scope="col">Duration</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {visible.map((s) => (
                  <tr key={s.id} data-scan={s.id}>
                    <th scope="row">
                      <Link to={`/projects/${s.project_id}`}>{s.project_name}</Link>
                    </th>
                    <td>
                      {s.kind}
                      {s.metadata.verbosity === "verbose" && <span className="tag">verbose</span>}
                    </td>
                    <td>
                      <StatusChip status={s.status} onOpen={() => openScan(s.id)} />
                    </td>
                    <td>
                      {isActive(s.status) ? (
                        <span className="step">
                          <span className="mini-bar" aria-hidden="true">
                            <span style={{ width: `${s.progress_percent}%` }} />
                          </span>
                          {s.current_step ? stageLabel(s.current_step) : "waiting"} · {s.progress_percent}%
                        </span>
                      ) : isTerminal(s.status) && s.status !== "succeeded" ? (
                        <span className="muted small">{s.error_detail}</span>
                      ) : (
                        <span className="muted small">
                          {countOf(s.counts.components, "component")} · {countOf(s.counts.vulnerabilities, "vulnerability", "vulnerabilities")}
                        </span>
                      )}
                    </td>
                    <td>
                      <Time iso={s.created_at} />
                    </td>
                    <td>{duration(s.started_at, s.completed_at)}</td>
                    <td className="actions">
                      {isActive(s.status) && <CancelScanButton api={api} scanId={s.id} compact onCancelled={() => scanEvents.emit()} />}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </TabPanel>
    </section>
  );
}
