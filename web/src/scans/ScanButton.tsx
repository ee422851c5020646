import { useState } from "react";
import type { Project } from "../api/types";
import { isActive } from "../api/types";
import { Hint } from "../components/Hint";
import { canScan, useSession } from "../session/SessionContext";
import { ScanDialog } from "./ScanDialog";
import { useScanDrawer } from "./ScanDrawerContext";
import { scanEvents } from "./scanEvents";

export const inProgressHint = "A scan is already queued or running. Click the in-progress chip to open it.";
export const alreadyRunningNotice = "This project already has a scan in progress, so no new scan was started. Showing that scan.";

/** The Scan button (end of a project row, and the project header) with its dialog. */
export function ScanButton({ project }: { project: Project }) {
  const { api, roleOn } = useSession();
  const { openScan } = useScanDrawer();
  const [open, setOpen] = useState(false);
  const active = isActive(project.last_scan_status);
  const allowed = canScan(roleOn(project.team_id));
  const hint = active ? inProgressHint : allowed ? null : "Starting a scan needs developer access on this project's team.";

  return (
    <>
      <Hint text={hint}>
        {(describedBy) => (
          <button
            type="button"
            className="button primary small"
            disabled={active || !allowed}
            aria-describedby={describedBy}
            onClick={() => setOpen(true)}
            aria-label={`Scan ${project.name}`}
          >
            Scan
          </button>
        )}
      </Hint>
      {open && (
        <ScanDialog
          api={api}
          project={project}
          onClose={() => setOpen(false)}
          onStarted={(id) => {
            setOpen(false);
            openScan(id);
            scanEvents.emit();
          }}
          onAlreadyRunning={(id) => {
            setOpen(false);
            openScan(id, alreadyRunningNotice);
            scanEvents.emit();
          }}
        />
      )}
    </>
  );
}
