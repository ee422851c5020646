import type { ScanStatus } from "../api/types";
import { isActive } from "../api/types";

export const statusLabels: Record<ScanStatus, string> = {
  queued: "Queued",
  running: "Running",
  succeeded: "Succeeded",
  failed: "Failed",
  cancelled: "Cancelled",
};

interface Props {
  status: ScanStatus | null;
  /** Opens the scan's progress drawer; an in-progress chip is a button, a finished one is a label unless given. */
  onOpen?: () => void;
  id?: string;
}

/** The last-scan status chip. "Not scanned" before the first scan. */
export function StatusChip({ status, onOpen, id }: Props) {
  if (!status) return <span className="chip chip-none">Not scanned</span>;
  const label = statusLabels[status];
  const className = `chip chip-${status}`;
  if (!onOpen) return <span id={id} className={className}>{label}</span>;
  return (
    <button
      id={id}
      type="button"
      className={`${className} chip-button`}
      onClick={onOpen}
      title={isActive(status) ? "Scan in progress: open its progress" : "Open this scan's stages and logs"}
    >
      {isActive(status) && <span className="chip-pulse" aria-hidden="true" />}
      {label}
    </button>
  );
}
