import { useState } from "react";
import type { Vulnerability } from "../api/types";
import { ProblemMessage } from "../components/ProblemMessage";
import { useSession } from "../session/SessionContext";
import { FilterSelect, ListFooter } from "./FilterSelect";
import { usePagedList } from "./usePagedList";

const severityOptions = [
  { value: "", label: "All severities" },
  { value: "CRITICAL", label: "Critical" },
  { value: "HIGH", label: "High" },
  { value: "MEDIUM", label: "Medium" },
  { value: "LOW", label: "Low" },
  { value: "UNKNOWN", label: "Unknown" },
];

/** The spec's banner for a scan that ran before the local Trivy DB was in place. */
export function VulnerabilityDbBanner() {
  return (
    <div className="banner warning" role="note">
      <strong>Vulnerability DB absent.</strong> The local Trivy DB was not in place when this project's latest scan ran, so the scan completed
      with 0 vulnerability findings. Operators: see <em>Vulnerability data (Trivy DB)</em> in the README. Once the DB lands, the automatic
      re-match picks up the findings — no re-scan needed.
    </div>
  );
}

export function VulnerabilitiesTab({ projectId, refreshKey, dbAbsent }: { projectId: string; refreshKey: string; dbAbsent: boolean }) {
  const { api } = useSession();
  const [severity, setSeverity] = useState("");
  const list = usePagedList<Vulnerability>(
    (limit, offset, signal) => api.vulnerabilities(projectId, { severity: severity || undefined, limit, offset }, signal),
    `${projectId}|${severity}|${refreshKey}`,
  );
  return (
    <div>
      {dbAbsent && <VulnerabilityDbBanner />}
      <div className="filters">
        <FilterSelect label="Severity" value={severity} options={severityOptions} onChange={setSeverity} />
      </div>
      <ProblemMessage error={list.error} />
      {list.items?.length === 0 && <p className="empty">No vulnerabilities{severity ? " at this severity" : ""}.</p>}
      {!!list.items?.length && (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">ID</th>
                <th scope="col">Severity</th>
                <th scope="col">Package</th>
                <th scope="col">Installed → fixed</th>
                <th scope="col">Found by</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((v) => (
                <tr key={`${v.id}|${v.package_name}|${v.installed_version}|${v.scan_id}|${v.target ?? ""}`}>
                  <td>
                    <span className="mono">{v.id}</span>
                    {v.known_exploited && <span className="tag danger">known exploited</span>}
                    {v.title && <div className="muted small">{v.title}</div>}
                  </td>
                  <td>
                    <span className={`severity severity-${v.severity.toLowerCase()}`}>{v.severity}</span>
                  </td>
                  <td className="mono">{v.package_name}</td>
                  <td className="mono">
                    {v.installed_version ?? "?"} → {v.fixed_version ?? <span className="muted">no fix yet</span>}
                  </td>
                  <td>{v.scan_kind} scan</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.items && <ListFooter count={list.items.length} more={list.more} loading={list.loading} onMore={list.loadMore} />}
    </div>
  );
}
