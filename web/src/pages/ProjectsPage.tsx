import { useState } from "react";
import { Link } from "react-router";
import { toApiError, type ApiError } from "../api/problem";
import type { Project } from "../api/types";
import { isActive } from "../api/types";
import { ProblemMessage } from "../components/ProblemMessage";
import { StatusChip } from "../components/StatusChip";
import { Time } from "../components/Time";
import { usePolling } from "../components/usePolling";
import { ScanButton } from "../scans/ScanButton";
import { useScanDrawer } from "../scans/ScanDrawerContext";
import { useSession } from "../session/SessionContext";
import { allTeams } from "../session/storage";

const count = (n: number | null) => (n === null ? "—" : n.toLocaleString());

/** Projects: last-scan chip, last scan time, counts, and a Scan button at the end of each row. */
export function ProjectsPage() {
  const { api, team } = useSession();
  const { openScan } = useScanDrawer();
  const [projects, setProjects] = useState<Project[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const anyActive = projects?.some((p) => isActive(p.last_scan_status)) ?? false;

  usePolling(
    async (signal) => {
      try {
        setProjects(await api.projects(signal));
        setError(null);
      } catch (e) {
        if (!signal.aborted) setError(toApiError(e));
      }
    },
    anyActive ? 3000 : 15000,
    [api],
  );

  const visible = (projects ?? []).filter((p) => team === allTeams || p.team_id === team);

  return (
    <section className="page" aria-labelledby="projects-title">
      <header className="page-head">
        <h1 id="projects-title">Projects</h1>
      </header>
      <ProblemMessage error={error} />
      {projects === null && !error && <p className="muted">Loading projects…</p>}
      {projects !== null && visible.length === 0 && (
        <div className="empty">
          <p>No projects {team === allTeams ? "yet" : "in this team"}.</p>
          <p className="muted">
            Create one over the API (<code>POST /v1/projects</code>, see the README), then scan it from here.
          </p>
        </div>
      )}
      {visible.length > 0 && (
        <div className="table-wrap tooltips">
          <table className="table projects-table">
            <thead>
              <tr>
                <th scope="col">Project</th>
                <th scope="col">Status</th>
                <th scope="col">Last scan</th>
                <th scope="col" className="num">
                  Components
                </th>
                <th scope="col" className="num">
                  Vulnerabilities
                </th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {visible.map((p) => (
                <tr key={p.id} data-project={p.slug}>
                  <th scope="row">
                    <Link to={`/projects/${p.id}`} className="project-link">
                      {p.name}
                    </Link>
                    <div className="muted small url">
                      {p.team_slug} · {p.git_url ?? "no Git URL"}
                    </div>
                  </th>
                  <td>
                    <StatusChip status={p.last_scan_status} onOpen={p.last_scan_id ? () => openScan(p.last_scan_id!) : undefined} />
                  </td>
                  <td>
                    <Time iso={p.last_scan_at} />
                  </td>
                  <td className="num" data-label="components">
                    {count(p.component_count)}
                  </td>
                  <td className="num" data-label="vulnerabilities">
                    {count(p.vulnerability_count)}
                  </td>
                  <td className="actions">
                    <ScanButton project={p} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
