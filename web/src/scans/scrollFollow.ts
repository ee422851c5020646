/** How close to the bottom (px) still counts as "at the bottom" for auto-scroll. */
export const nearBottomPx = 32;

export interface ScrollMetrics {
  scrollTop: number;
  scrollHeight: number;
  clientHeight: number;
}

/** The log panel follows new lines while the reader is at (or near) the bottom, and pauses once they scroll up. */
export function isNearBottom(m: ScrollMetrics, threshold: number = nearBottomPx): boolean {
  return m.scrollHeight - m.scrollTop - m.clientHeight <= threshold;
}
