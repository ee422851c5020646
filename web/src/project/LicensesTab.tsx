import { useState } from "react";
import type { LicenseFinding } from "../api/types";
import { ProblemMessage } from "../components/ProblemMessage";
import { useSession } from "../session/SessionContext";
import { FilterSelect, ListFooter, TierChip, tierOptions } from "./FilterSelect";
import { usePagedList } from "./usePagedList";

const originOptions = [
  { value: "", label: "Declared and detected" },
  { value: "declared", label: "Declared (package metadata)" },
  { value: "detected", label: "Detected (your files)" },
];

/** Declared licenses (from each dependency's metadata) next to detected ones (found in your own files, with the path). */
export function LicensesTab({ projectId, refreshKey }: { projectId: string; refreshKey: string }) {
  const { api } = useSession();
  const [tier, setTier] = useState("");
  const [origin, setOrigin] = useState("");
  const list = usePagedList<LicenseFinding>(
    (limit, offset, signal) => api.licenses(projectId, { legal_tier: tier || undefined, origin: origin || undefined, limit, offset }, signal),
    `${projectId}|${tier}|${origin}|${refreshKey}`,
  );
  return (
    <div>
      <div className="filters">
        <FilterSelect label="Origin" value={origin} options={originOptions} onChange={setOrigin} />
        <FilterSelect label="Legal tier" value={tier} options={tierOptions} onChange={setTier} />
      </div>
      <ProblemMessage error={list.error} />
      {list.items?.length === 0 && <p className="empty">No licenses match.</p>}
      {!!list.items?.length && (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">License</th>
                <th scope="col">Origin</th>
                <th scope="col">Component or source path</th>
                <th scope="col">Tier</th>
                <th scope="col">How</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((l, i) => (
                <tr key={`${l.origin}|${l.expression}|${l.component_purl ?? ""}|${l.source_path ?? ""}|${i}`}>
                  <td className="mono">{l.expression}</td>
                  <td>
                    <span className={`origin origin-${l.origin}`}>{l.origin}</span>
                  </td>
                  <td className="mono wrap">{l.origin === "detected" ? (l.source_path ?? "—") : (l.component_purl ?? "—")}</td>
                  <td>
                    <TierChip tier={l.legal_tier} />
                  </td>
                  <td className="muted">
                    {l.method ?? (l.origin === "declared" ? "package metadata" : "—")}
                    {l.confidence !== null ? ` · ${l.confidence}%` : ""}
                  </td>
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
