import type { ApiError } from "../api/problem";

/** A problem+json error as the user sees it: its title, then its detail. */
export function ProblemMessage({ error, onDismiss }: { error: ApiError | null; onDismiss?: () => void }) {
  if (!error) return null;
  return (
    <div className="problem" role="alert">
      <div className="problem-text">
        <strong className="problem-title">{error.title}</strong>
        {error.detail && <p className="problem-detail">{error.detail}</p>}
        {error.problem.trace_id && <p className="problem-trace">Trace id: {error.problem.trace_id}</p>}
      </div>
      {onDismiss && (
        <button type="button" className="icon-button" onClick={onDismiss} aria-label="Dismiss the error">
          ×
        </button>
      )}
    </div>
  );
}
