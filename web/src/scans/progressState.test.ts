// @vitest-environment node
import { describe, expect, it } from "vitest";
import type { Stage } from "../api/types";
import { activeStage, initialProgress, progressReducer } from "./progressState";

const stage = (name: string, state: Stage["state"], started = state !== "pending"): Stage => ({
  stage: name,
  ordinal: 0,
  state,
  detail: null,
  started_at: started ? "2026-01-01T00:00:00Z" : null,
  completed_at: null,
});

describe("the drawer's stage state", () => {
  it("shows the running stage, else a failed one, else the last one that started", () => {
    expect(activeStage([stage("bootstrap", "succeeded"), stage("fetch", "running"), stage("prep", "pending")])).toBe("fetch");
    expect(activeStage([stage("bootstrap", "succeeded"), stage("fetch", "failed"), stage("prep", "skipped", false)])).toBe("fetch");
    // Cancelled while fetching: fetch ends skipped but had started.
    expect(activeStage([stage("bootstrap", "succeeded"), stage("fetch", "skipped"), stage("prep", "skipped", false)])).toBe("fetch");
  });

  it("keeps a live terminal state when an older REST read still says running", () => {
    let state = progressReducer(initialProgress, { type: "stages", stages: [stage("cdxgen", "running")] });
    state = progressReducer(state, { type: "stage", frame: { stage: "cdxgen", state: "succeeded", ts: "2026-01-01T00:00:05Z" } });
    state = progressReducer(state, { type: "stages", stages: [stage("cdxgen", "running")] });
    expect(state.stages[0].state).toBe("succeeded");
  });
});
