import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ApiClient } from "../api/client";
import { ApiError } from "../api/problem";
import { DownloadLogButton } from "./DownloadLogButton";

describe("Download log", () => {
  afterEach(() => vi.restoreAllMocks());

  it("fetches the log with the key and saves it as scan-<id>.log", async () => {
    const blob = new Blob(["line\n"], { type: "text/plain" });
    const api = { logText: vi.fn(async () => blob) } as unknown as ApiClient;
    const created = vi.fn(() => "blob:log");
    Object.assign(URL, { createObjectURL: created, revokeObjectURL: vi.fn() });
    const clicked: HTMLAnchorElement[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this);
    });

    render(<DownloadLogButton api={api} scanId="s1" />);
    fireEvent.click(screen.getByRole("button", { name: "Download log" }));

    await waitFor(() => expect(clicked).toHaveLength(1));
    expect(api.logText).toHaveBeenCalledWith("s1");
    expect(created).toHaveBeenCalledWith(blob);
    expect(clicked[0].download).toBe("scan-s1.log");
    expect(clicked[0].href).toBe("blob:log");
  });

  it("shows the problem when the download is refused", async () => {
    const api = {
      logText: vi.fn(async () => {
        throw new ApiError(404, { title: "Scan not found", detail: "No scan with id 's1' exists." });
      }),
    } as unknown as ApiClient;
    render(<DownloadLogButton api={api} scanId="s1" />);
    fireEvent.click(screen.getByRole("button", { name: "Download log" }));
    expect(await screen.findByText(/Scan not found/)).toBeTruthy();
  });
});
