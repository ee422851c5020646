import { act, fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { appendLive, emptyStageLog, toEntry, type StageLog } from "./logBuffer";
import { LogPanel } from "./LogPanel";
import { isNearBottom } from "./scrollFollow";

function logOf(count: number): StageLog {
  return appendLive(
    emptyStageLog,
    Array.from({ length: count }, (_, i) => toEntry({ ts: new Date(1_700_000_000_000 + i).toISOString(), stream: "stdout", line: `line ${i + 1}` })),
  );
}

/** jsdom has no layout: give the log element a scroll box we control (20 px per line, 200 px tall). */
function fakeScrollBox(el: HTMLElement) {
  let top = 0;
  Object.defineProperty(el, "clientHeight", { configurable: true, get: () => 200 });
  Object.defineProperty(el, "scrollHeight", { configurable: true, get: () => el.querySelectorAll(".log-line").length * 20 });
  Object.defineProperty(el, "scrollTop", {
    configurable: true,
    get: () => top,
    set: (v: number) => {
      top = Math.max(0, Math.min(v, el.scrollHeight - 200));
    },
  });
  return { scrollTo: (v: number) => act(() => {
    el.scrollTop = v;
    fireEvent.scroll(el);
  }) };
}

describe("the log panel", () => {
  it("counts a reader within 32 px of the bottom as at the bottom", () => {
    expect(isNearBottom({ scrollTop: 770, scrollHeight: 1000, clientHeight: 200 })).toBe(true);
    expect(isNearBottom({ scrollTop: 700, scrollHeight: 1000, clientHeight: 200 })).toBe(false);
  });

  it("follows new lines while at the bottom, pauses when the reader scrolls up, and resumes on request", () => {
    const { rerender } = render(<LogPanel stageLabel="Detecting components" log={logOf(20)} />);
    const el = screen.getByRole("log");
    const box = fakeScrollBox(el);
    rerender(<LogPanel stageLabel="Detecting components" log={logOf(30)} />);
    expect(el.scrollTop).toBe(30 * 20 - 200);

    box.scrollTo(100);
    rerender(<LogPanel stageLabel="Detecting components" log={logOf(40)} />);
    expect(el.scrollTop).toBe(100);
    const resume = screen.getByRole("button", { name: /Jump to latest/ });

    fireEvent.click(resume);
    expect(el.scrollTop).toBe(40 * 20 - 200);
    rerender(<LogPanel stageLabel="Detecting components" log={logOf(50)} />);
    expect(el.scrollTop).toBe(50 * 20 - 200);
    expect(screen.queryByRole("button", { name: /Jump to latest/ })).toBeNull();
  });

  it("says how many earlier lines rolled off", () => {
    render(<LogPanel stageLabel="Fetching source" log={logOf(650)} />);
    expect(screen.getByRole("log").querySelectorAll(".log-line")).toHaveLength(500);
    expect(screen.getByText(/150 earlier lines not shown/)).toBeTruthy();
  });
});
