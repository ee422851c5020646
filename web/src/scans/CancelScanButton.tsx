import { useState } from "react";
import type { ApiClient } from "../api/client";
import { toApiError, type ApiError } from "../api/problem";
import type { Scan } from "../api/types";
import { ProblemMessage } from "../components/ProblemMessage";

export const alreadyFinishedMessage = "This scan already finished and can no longer be cancelled.";

interface Props {
  api: ApiClient;
  scanId: string;
  onCancelled(scan: Scan | null): void;
  compact?: boolean;
}

/** "Cancel scan", then the inline confirmation: "Cancel scan" again to confirm, or "Keep running". */
export function CancelScanButton({ api, scanId, onCancelled, compact }: Props) {
  const [step, setStep] = useState<"idle" | "confirm" | "cancelling">("idle");
  const [finished, setFinished] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const confirm = async () => {
    setStep("cancelling");
    setError(null);
    try {
      onCancelled(await api.cancelScan(scanId));
      setStep("idle");
    } catch (e) {
      const problem = toApiError(e);
      if (problem.status === 409 && problem.problem.scan_already_cancelled) {
        setFinished(true);
        onCancelled(null);
      } else setError(problem);
      setStep("idle");
    }
  };

  if (finished) return <p className="notice" role="status">{alreadyFinishedMessage}</p>;

  return (
    <div className={`cancel-scan${compact ? " compact" : ""}`}>
      {step === "idle" && (
        <button type="button" className="button danger-outline" onClick={() => setStep("confirm")}>
          Cancel scan
        </button>
      )}
      {step !== "idle" && (
        <div className="confirm" role="group" aria-label="Confirm cancelling the scan">
          {!compact && <span className="confirm-text">Stop this scan? Its workspace is reclaimed.</span>}
          <button type="button" className="button danger" onClick={confirm} disabled={step === "cancelling"} autoFocus>
            Cancel scan
          </button>
          <button type="button" className="button" onClick={() => setStep("idle")} disabled={step === "cancelling"}>
            Keep running
          </button>
        </div>
      )}
      <ProblemMessage error={error} onDismiss={() => setError(null)} />
    </div>
  );
}
