import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { ApiClient } from "../api/client";
import { ApiError } from "../api/problem";
import type { Scan } from "../api/types";
import { alreadyFinishedMessage, CancelScanButton } from "./CancelScanButton";

const apiWith = (cancelScan: () => Promise<Scan>) => ({ cancelScan: vi.fn(cancelScan) }) as unknown as ApiClient;

describe("Cancel scan", () => {
  it("asks for confirmation inline; Keep running dismisses it without a request", () => {
    const api = apiWith(async () => ({}) as Scan);
    render(<CancelScanButton api={api} scanId="s1" onCancelled={() => {}} />);
    fireEvent.click(screen.getByRole("button", { name: "Cancel scan" }));
    expect(screen.getByRole("button", { name: "Keep running" })).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Keep running" }));
    expect(screen.queryByRole("button", { name: "Keep running" })).toBeNull();
    expect(api.cancelScan).not.toHaveBeenCalled();
  });

  it("cancels when Cancel scan is clicked again", async () => {
    const cancelled = { id: "s1", status: "cancelled" } as Scan;
    const onCancelled = vi.fn();
    render(<CancelScanButton api={apiWith(async () => cancelled)} scanId="s1" onCancelled={onCancelled} />);
    fireEvent.click(screen.getByRole("button", { name: "Cancel scan" }));
    fireEvent.click(screen.getByRole("button", { name: "Cancel scan" }));
    await waitFor(() => expect(onCancelled).toHaveBeenCalledWith(cancelled));
  });

  it("says the scan already finished when the cancel loses the race (409)", async () => {
    const conflict = new ApiError(409, { title: "Scan already finished", status: 409, scan_already_cancelled: true, scan_status: "succeeded" });
    render(<CancelScanButton api={apiWith(async () => Promise.reject(conflict))} scanId="s1" onCancelled={() => {}} />);
    fireEvent.click(screen.getByRole("button", { name: "Cancel scan" }));
    fireEvent.click(screen.getByRole("button", { name: "Cancel scan" }));
    expect(await screen.findByText(alreadyFinishedMessage)).toBeTruthy();
    expect(alreadyFinishedMessage).toBe("This scan already finished and can no longer be cancelled.");
  });

  it("shows any other problem's title and detail", async () => {
    const forbidden = new ApiError(403, { title: "Not allowed", status: 403, detail: "Cancelling scans needs the developer role." });
    render(<CancelScanButton api={apiWith(async () => Promise.reject(forbidden))} scanId="s1" onCancelled={() => {}} />);
    fireEvent.click(screen.getByRole("button", { name: "Cancel scan" }));
    fireEvent.click(screen.getByRole("button", { name: "Cancel scan" }));
    expect(await screen.findByText("Not allowed")).toBeTruthy();
    expect(screen.getByText("Cancelling scans needs the developer role.")).toBeTruthy();
  });
});
