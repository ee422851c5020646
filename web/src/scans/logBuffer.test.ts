// @vitest-environment node
import { describe, expect, it } from "vitest";
import type { LogLine } from "../api/types";
import { appendLive, appendStored, emptyStageLog, mergeStored, stageLogCap, toEntry } from "./logBuffer";

const line = (n: number, stage = "cdxgen"): LogLine => ({
  seq: n,
  stage,
  stream: "stdout",
  line: `line ${n}`,
  ts: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, n)).toISOString(),
});

describe("the per-stage log buffer", () => {
  it("keeps only the newest 500 lines and counts the ones that rolled off", () => {
    const lines = Array.from({ length: 1200 }, (_, i) => toEntry(line(i + 1)));
    const log = appendLive(emptyStageLog, lines);
    expect(stageLogCap).toBe(500);
    expect(log.entries).toHaveLength(500);
    expect(log.entries[0].line).toBe("line 701");
    expect(log.entries[499].line).toBe("line 1200");
    expect(log.dropped).toBe(700);
  });

  it("does not show a line twice when a re-subscribe sends the last line again", () => {
    const once = appendLive(emptyStageLog, [toEntry(line(1)), toEntry(line(2))]);
    const again = appendLive(once, [toEntry(line(2)), toEntry(line(3))]);
    expect(again.entries.map((e) => e.line)).toEqual(["line 1", "line 2", "line 3"]);
  });

  it("matches a live frame to its stored row even when the frame's timestamp is more precise", () => {
    const stored = line(5);
    const frame = { ...stored, ts: stored.ts.replace("Z", "4321Z").replace(/\.(\d{3})4321Z$/, ".$14321+00:00") };
    const live = appendLive(emptyStageLog, [toEntry(frame)]);
    const merged = mergeStored(live, [stored], 1);
    expect(merged.entries).toHaveLength(1);
  });

  it("puts the stored log first and keeps live lines the read did not include yet", () => {
    const live = appendLive(emptyStageLog, [toEntry(line(3)), toEntry(line(4))]);
    const merged = mergeStored(live, [line(1), line(2), line(3)], 3);
    expect(merged.entries.map((e) => e.line)).toEqual(["line 1", "line 2", "line 3", "line 4"]);
    expect(merged.backfilled).toBe(true);
    expect(merged.lastSeq).toBe(3);
  });

  it("counts stored lines that were not fetched because of the cap", () => {
    const tail = Array.from({ length: 500 }, (_, i) => line(1501 + i));
    const merged = mergeStored(emptyStageLog, tail, 2000);
    expect(merged.entries).toHaveLength(500);
    expect(merged.dropped).toBe(1500);
  });

  it("appends incremental reads after the last seq", () => {
    const first = mergeStored(emptyStageLog, [line(1), line(2)], 2);
    const next = appendStored(first, [line(3)]);
    expect(next.entries.map((e) => e.line)).toEqual(["line 1", "line 2", "line 3"]);
    expect(next.lastSeq).toBe(3);
  });
});
