import type { LogFrame, LogLine, ProgressFrame, Scan, ScanStatus, Stage, StageFrame } from "../api/types";
import { isTerminal } from "../api/types";
import { appendLive, appendStored, emptyStageLog, mergeStored, toEntry, type StageLog } from "./logBuffer";

export type Connection = "connecting" | "live" | "reconnecting" | "polling" | "closed";

/** What the progress drawer shows for one scan: the REST snapshot, updated by hub frames. */
export interface ProgressState {
  scan: Scan | null;
  stages: Stage[];
  step: string | null;
  percent: number;
  logs: Record<string, StageLog>;
  connection: Connection;
}

export type ProgressAction =
  | { type: "scan"; scan: Scan }
  | { type: "stages"; stages: Stage[] }
  | { type: "progress"; frame: ProgressFrame }
  | { type: "stage"; frame: StageFrame }
  | { type: "logs"; frames: LogFrame[] }
  | { type: "stored"; stage: string; lines: LogLine[]; total: number; incremental?: boolean }
  | { type: "connection"; connection: Connection };

export const initialProgress: ProgressState = { scan: null, stages: [], step: null, percent: 0, logs: {}, connection: "connecting" };

const terminalStep = (step: string): step is ScanStatus => isTerminal(step);

export function progressReducer(state: ProgressState, action: ProgressAction): ProgressState {
  switch (action.type) {
    case "scan": {
      const { scan } = action;
      const step = isTerminal(scan.status) ? scan.status : (scan.current_step ?? state.step);
      // A frame may be newer than a REST read that started earlier: never move the percent backwards while running.
      const percent = isTerminal(scan.status) ? scan.progress_percent : Math.max(state.percent, scan.progress_percent);
      return { ...state, scan, step, percent };
    }
    case "stages":
      return { ...state, stages: mergeStages(state.stages, action.stages) };
    case "progress": {
      const { step, percent } = action.frame;
      const scan = state.scan && terminalStep(step) ? { ...state.scan, status: step } : state.scan;
      const running = scan && scan.status === "queued" && !terminalStep(step) ? { ...scan, status: "running" as const } : scan;
      return { ...state, step, percent, scan: running };
    }
    case "stage": {
      const { stage, state: stageState, ts } = action.frame;
      const known = state.stages.some((s) => s.stage === stage);
      const stages = known
        ? state.stages.map((s) =>
            s.stage !== stage
              ? s
              : {
                  ...s,
                  state: stageState,
                  started_at: stageState === "running" ? (s.started_at ?? ts) : s.started_at,
                  completed_at: stageState !== "running" && stageState !== "pending" ? ts : s.completed_at,
                },
          )
        : [...state.stages, { stage, ordinal: state.stages.length + 1, state: stageState, detail: null, started_at: ts, completed_at: null }];
      return { ...state, stages };
    }
    case "logs": {
      const byStage = new Map<string, LogFrame[]>();
      for (const frame of action.frames) byStage.set(frame.stage, [...(byStage.get(frame.stage) ?? []), frame]);
      const logs = { ...state.logs };
      for (const [stage, frames] of byStage) logs[stage] = appendLive(logs[stage] ?? emptyStageLog, frames.map(toEntry));
      return { ...state, logs };
    }
    case "stored": {
      const log = state.logs[action.stage] ?? emptyStageLog;
      const next = action.incremental ? appendStored(log, action.lines) : mergeStored(log, action.lines, action.total);
      return { ...state, logs: { ...state.logs, [action.stage]: next } };
    }
    case "connection":
      return { ...state, connection: action.connection };
  }
}

/** A REST read of the stages keeps whatever a newer live frame already said about a stage's end. */
function mergeStages(current: Stage[], incoming: Stage[]): Stage[] {
  const rank = { pending: 0, running: 1, succeeded: 2, failed: 2, skipped: 2 } as const;
  return incoming.map((s) => {
    const live = current.find((c) => c.stage === s.stage);
    return live && rank[live.state] > rank[s.state] ? { ...s, state: live.state, completed_at: live.completed_at } : s;
  });
}

/** The stage the log panel shows unless the user picked one: the running one, else the last that did anything. */
export function activeStage(stages: Stage[]): string | null {
  const running = stages.find((s) => s.state === "running");
  if (running) return running.stage;
  const failed = stages.find((s) => s.state === "failed");
  if (failed) return failed.stage;
  // A cancelled scan's running stage ends "skipped" but did start: it is the one worth showing.
  const touched = stages.filter((s) => s.state === "succeeded" || s.started_at !== null);
  return touched.length ? touched[touched.length - 1].stage : (stages[0]?.stage ?? null);
}
