import type { Stage } from "../api/types";
import { Spinner } from "../components/Spinner";
import { duration } from "../components/time";
import { stageLabel } from "./stages";

const stateIcons: Record<string, string> = { pending: "○", succeeded: "✓", failed: "✕", skipped: "–", running: "●" };

interface Props {
  stages: Stage[];
  selected: string | null;
  /** A finished scan replays terminal states: no spinner, even on a stage the record left "running". */
  finished: boolean;
  onSelect(stage: string): void;
}

/** Every pipeline stage with its state; the active one spins. Clicking a stage shows its log. */
export function StageList({ stages, selected, finished, onSelect }: Props) {
  return (
    <ol className="stage-list" aria-label="Stages">
      {stages.map((s) => {
        const spinning = s.state === "running" && !finished;
        return (
          <li key={s.stage}>
            <button
              type="button"
              className={`stage stage-${s.state}${selected === s.stage ? " stage-selected" : ""}`}
              aria-current={selected === s.stage ? "step" : undefined}
              data-stage={s.stage}
              data-state={s.state}
              onClick={() => onSelect(s.stage)}
            >
              <span className="stage-icon" aria-hidden="true">
                {spinning ? <Spinner /> : stateIcons[s.state]}
              </span>
              <span className="stage-name">
                {stageLabel(s.stage)} <code>{s.stage}</code>
                {s.detail && <span className="stage-detail">{s.detail}</span>}
              </span>
              <span className="stage-state">{s.state}</span>
              <span className="stage-time">{s.started_at ? duration(s.started_at, s.completed_at) : ""}</span>
            </button>
          </li>
        );
      })}
    </ol>
  );
}
