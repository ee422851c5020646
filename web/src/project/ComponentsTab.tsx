import { useState } from "react";
import type { Component } from "../api/types";
import { ProblemMessage } from "../components/ProblemMessage";
import { useSession } from "../session/SessionContext";
import { FilterSelect, ListFooter, TierChip, tierOptions } from "./FilterSelect";
import { usePagedList } from "./usePagedList";

export function ComponentsTab({ projectId, refreshKey }: { projectId: string; refreshKey: string }) {
  const { api } = useSession();
  const [tier, setTier] = useState("");
  const list = usePagedList<Component>(
    (limit, offset, signal) => api.components(projectId, { legal_tier: tier || undefined, limit, offset }, signal),
    `${projectId}|${tier}|${refreshKey}`,
  );
  return (
    <div>
      <div className="filters">
        <FilterSelect label="Legal tier" value={tier} options={tierOptions} onChange={setTier} />
      </div>
      <ProblemMessage error={list.error} />
      {list.items?.length === 0 && <p className="empty">No components{tier ? " in this tier" : " yet: run a scan"}.</p>}
      {!!list.items?.length && (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Package URL</th>
                <th scope="col">Version</th>
                <th scope="col">Declared license</th>
                <th scope="col">Tier</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((c) => (
                <tr key={c.purl}>
                  <td className="mono wrap">{c.purl}</td>
                  <td className="mono">{c.version ?? "—"}</td>
                  <td>{c.declared_license ?? <span className="muted">none declared</span>}</td>
                  <td>
                    <TierChip tier={c.legal_tier} />
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
