// @vitest-environment node
import { describe, expect, it } from "vitest";
import css from "./styles.css?raw";

// Every text colour of styles.css against the background it is drawn on: WCAG 2.x AA asks 4.5:1 for body text.
const variables = new Map([...css.matchAll(/--([a-z-]+):\s*(#[0-9a-f]{3,6})\s*;/gi)].map((m) => [m[1], m[2]]));

function colour(name: string): string {
  const value = name.startsWith("#") ? name : variables.get(name);
  if (!value) throw new Error(`styles.css has no --${name}`);
  return value.length === 4 ? "#" + [...value.slice(1)].map((c) => c + c).join("") : value;
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(foreground: string, background: string): number {
  const [a, b] = [luminance(colour(foreground)), luminance(colour(background))].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}

// [text, background, where]
const pairs: [string, string, string][] = [
  ["text", "bg", "page text"],
  ["text", "surface", "tables, cards, the drawer"],
  ["muted", "surface", "secondary text"],
  ["muted", "bg", "secondary text on the page"],
  ["muted", "#fafbfc", "table headers"],
  ["muted", "run-bg", "a selected stage's state and time"],
  ["text", "run-bg", "a selected stage's name"],
  ["text", "fail-bg", "a problem's detail"],
  ["muted", "cancel-bg", "the Not scanned chip"],
  ["accent", "surface", "links, the selected tab"],
  ["accent", "bg", "links on the page"],
  ["accent-text", "accent", "primary buttons, the selected scan type"],
  ["danger", "surface", "field errors, Cancel scan (outline)"],
  ["#ffffff", "danger", "Cancel scan (confirm)"],
  ["ok-text", "ok-bg", "Succeeded chip, allowed tier"],
  ["run-text", "run-bg", "Running chip, notices, the active sidebar link"],
  ["queue-text", "queue-bg", "Queued chip, declared origin"],
  ["fail-text", "fail-bg", "Failed chip, problems, high severity"],
  ["cancel-text", "cancel-bg", "Cancelled chip, low severity"],
  ["warn-text", "warn-bg", "banners, conditional tier, the verbose tag"],
  ["#ffffff", "#7a1010", "critical severity"],
  ["#ffffff", "#1b1f24", "tooltips"],
  ["#e6e9ed", "#111418", "log lines"],
  ["#ffb4a8", "#111418", "stderr log lines"],
  ["#9fd0ff", "#111418", "info log lines"],
  ["#aab2bd", "#111418", "log notes"],
];

describe("colour contrast", () => {
  it.each(pairs)("%s on %s (%s) reaches 4.5:1", (text, background) => {
    expect(contrast(text, background)).toBeGreaterThanOrEqual(4.5);
  });

  it("measures the way WCAG does", () => {
    expect(contrast("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrast("#777777", "#ffffff")).toBeLessThan(4.5);
  });
});
