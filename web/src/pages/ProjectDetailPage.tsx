import { useState } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { toApiError, type ApiError } from "../api/problem";
import type { Project, Scan } from "../api/types";
import { isActive } from "../api/types";
import { ProblemMessage } from "../components/ProblemMessage";
import { StatusChip } from "../components/StatusChip";
import { TabPanel, Tabs } from "../components/Tabs";
import { Time } from "../components/Time";
import { duration } from "../components/time";
import { usePolling } from "../components/usePolling";
import { ComponentsTab } from "../project/ComponentsTab";
import { LicensesTab } from "../project/LicensesTab";
import { VulnerabilitiesTab } from "../project/VulnerabilitiesTab";
import { ScanButton } from "../scans/ScanButton";
import { useScanDrawer } from "../scans/ScanDrawerContext";
import { useSession } from "../session/SessionContext";

const tabs = [
  { id: "overview", label: "Overview" },
  { id: "components", label: "Components" },
  { id: "licenses", label: "Licenses" },
  { id: "vulnerabilities", label: "Vulnerabilities" },
];

/** One project: the header with its chip and Scan button, the Overview, and the findings tabs. */
export function ProjectDetailPage() {
  const { projectId = "" } = useParams();
  const { api } = useSession();
  const { openScan } = useScanDrawer();
  const [params, setParams] = useSearchParams();
  const tab = tabs.some((t) => t.id === params.get("tab")) ? params.get("tab")! : "overview";
  const [project, setProject] = useState<Project | null>(null);
  const [scans, setScans] = useState<Scan[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const active = isActive(project?.last_scan_status);

  usePolling(
    async (signal) => {
      try {
        const [p, s] = await Promise.all([api.project(projectId, signal), api.projectScans(projectId, 20, signal)]);
        setProject(p);
        setScans(s);
        setError(null);
      } catch (e) {
        if (!signal.aborted) setError(toApiError(e));
      }
    },
    active ? 3000 : 15000,
    [api, projectId],
  );

  const selectTab = (id: string) =>
    setParams((p) => {
      const next = new URLSearchParams(p);
      if (id === "overview") next.delete("tab");
      else next.set("tab", id);
      return next;
    });

  if (!project) {
    return (
      <section className="page">
        <p>
          <Link to="/projects">← Projects</Link>
        </p>
        <ProblemMessage error={error} />
        {!error && <p className="muted">Loading…</p>}
      </section>
    );
  }

  const latestSucceeded = scans.find((s) => s.status === "succeeded");
  // The Vulnerabilities tab lists the latest succeeded scan of each kind; either may have run without a DB.
  const latestOfEachKind = (["source", "container"] as const).map((kind) => scans.find((s) => s.status === "succeeded" && s.kind === kind));
  // Findings lists reload when a newer scan succeeds.
  const refreshKey = latestSucceeded?.id ?? "none";

  return (
    <section className="page" aria-labelledby="project-title">
      <p className="breadcrumb">
        <Link to="/projects">← Projects</Link>
      </p>
      <header className="project-head">
        <div>
          <h1 id="project-title">{project.name}</h1>
          <p className="muted url">
            {project.team_slug} · {project.git_url ? <code>{project.git_url}</code> : "no Git URL"} · branch <code>{project.default_branch}</code>
          </p>
        </div>
        <div className="project-head-actions">
          <StatusChip status={project.last_scan_status} onOpen={project.last_scan_id ? () => openScan(project.last_scan_id!) : undefined} />
          <ScanButton project={project} />
        </div>
      </header>
      <ProblemMessage error={error} />

      <Tabs label="Project sections" tabs={tabs} selected={tab} onSelect={selectTab} idPrefix="project" />
      <TabPanel idPrefix="project" selected={tab}>
        {tab === "overview" && <Overview project={project} scans={scans} onOpen={(id) => openScan(id)} />}
        {tab === "components" && <ComponentsTab projectId={project.id} refreshKey={refreshKey} />}
        {tab === "licenses" && <LicensesTab projectId={project.id} refreshKey={refreshKey} />}
        {tab === "vulnerabilities" && (
          <VulnerabilitiesTab projectId={project.id} refreshKey={refreshKey} dbAbsent={latestOfEachKind.some((s) => s?.vulnerability_db === "absent")} />
        )}
      </TabPanel>
    </section>
  );
}

function Overview({ project, scans, onOpen }: { project: Project; scans: Scan[]; onOpen(id: string): void }) {
  return (
    <>
      <dl className="cards">
        <div className="card">
          <dt>Status</dt>
          <dd>
            <StatusChip status={project.last_scan_status} />
          </dd>
        </div>
        <div className="card">
          <dt>Components</dt>
          <dd className="big" data-testid="overview-components">
            {project.component_count ?? "—"}
          </dd>
        </div>
        <div className="card">
          <dt>Vulnerabilities</dt>
          <dd className="big" data-testid="overview-vulnerabilities">
            {project.vulnerability_count ?? "—"}
          </dd>
        </div>
        <div className="card">
          <dt>Last scan</dt>
          <dd>
            <Time iso={project.last_scan_at} />
          </dd>
        </div>
      </dl>
      <h2 className="section-title">Recent scans</h2>
      {scans.length === 0 ? (
        <p className="empty">No scans yet. Use the Scan button to start one.</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Kind</th>
                <th scope="col">Status</th>
                <th scope="col">Duration</th>
                <th scope="col" className="num">
                  Components
                </th>
                <th scope="col" className="num">
                  Vulnerabilities
                </th>
              </tr>
            </thead>
            <tbody>
              {scans.map((s) => (
                <tr key={s.id}>
                  <td>
                    <Time iso={s.created_at} />
                  </td>
                  <td>
                    {s.kind}
                    {s.metadata.verbosity === "verbose" && <span className="tag">verbose</span>}
                  </td>
                  <td>
                    <StatusChip status={s.status} onOpen={() => onOpen(s.id)} />
                  </td>
                  <td>{duration(s.started_at, s.completed_at)}</td>
                  <td className="num">{s.status === "succeeded" ? s.counts.components : "—"}</td>
                  <td className="num">{s.status === "succeeded" ? s.counts.vulnerabilities : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
