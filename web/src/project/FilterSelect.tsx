interface Props {
  label: string;
  value: string;
  options: { value: string; label: string }[];
  onChange(value: string): void;
}

export function FilterSelect({ label, value, options, onChange }: Props) {
  return (
    <label className="filter">
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export const tierOptions = [
  { value: "", label: "All tiers" },
  { value: "allowed", label: "Allowed" },
  { value: "conditional", label: "Conditional" },
  { value: "forbidden", label: "Forbidden" },
  { value: "unknown", label: "Unknown" },
];

export function TierChip({ tier }: { tier: string }) {
  return <span className={`tier tier-${tier}`}>{tier}</span>;
}

export function ListFooter({ count, more, loading, onMore }: { count: number; more: boolean; loading: boolean; onMore(): void }) {
  return (
    <div className="list-foot">
      <span className="muted">
        {count.toLocaleString()} shown{more ? "" : " (all)"}
      </span>
      {more && (
        <button type="button" className="button small" onClick={onMore} disabled={loading}>
          Load more
        </button>
      )}
    </div>
  );
}
