namespace TrustedOss.Pipeline.Orchestration;

/// <summary>
/// The orchestration's whole input: the scan id (also its instance id) and its kind. Everything else an
/// activity needs it reads from PostgreSQL, so history stays small and secrets never enter it.
/// </summary>
public sealed record ScanOrchestrationInput(Guid ScanId, string Kind);

/// <summary>
/// What a stage activity tells the orchestrator: the stage's final state, and — when the scan ended
/// during the stage (it failed, or was cancelled) — the scan's terminal status.
/// </summary>
public sealed record StageOutcome(string Stage, string StageState, string? ScanEndedAs = null, string? Detail = null);
