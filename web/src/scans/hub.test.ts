// @vitest-environment node
import { HubConnectionState } from "@microsoft/signalr";
import { describe, expect, it, vi } from "vitest";
import { scansHubPath, serviceHubPath, watchScan, type ScanConnection, type ScanFrameHandlers, type WatchDeps } from "./hub";

/** A stand-in SignalR connection: records calls, lets a test fail its start or fire its reconnect callbacks. */
class FakeConnection {
  handlers = new Map<string, (...args: unknown[]) => void>();
  invoked: unknown[][] = [];
  state = HubConnectionState.Disconnected;
  connectionId: string | null = null;
  reconnected?: (id?: string) => Promise<void> | void;
  closed?: (e?: Error) => void;
  constructor(
    readonly path: string,
    private readonly startError?: Error,
    private readonly nextIds: string[] = ["c1", "c2"],
  ) {}
  on(name: string, handler: (...args: unknown[]) => void) {
    this.handlers.set(name, handler);
  }
  onreconnecting() {}
  onreconnected(cb: (id?: string) => Promise<void> | void) {
    this.reconnected = cb;
  }
  onclose(cb: (e?: Error) => void) {
    this.closed = cb;
  }
  async start() {
    if (this.startError) throw this.startError;
    this.state = HubConnectionState.Connected;
    this.connectionId = this.nextIds.shift() ?? null;
  }
  async stop() {
    this.state = HubConnectionState.Disconnected;
    this.closed?.();
  }
  async invoke(...args: unknown[]) {
    this.invoked.push(args);
  }
  async reconnect() {
    this.connectionId = this.nextIds.shift() ?? null;
    await this.reconnected?.(this.connectionId ?? undefined);
  }
}

function setup(fail: { hub?: Error; service?: Error; subscribe?: Error } = {}) {
  const made: FakeConnection[] = [];
  const subscribe = vi.fn(async () => {
    if (fail.subscribe) throw fail.subscribe;
  });
  const deps: WatchDeps = {
    connect: (path) => {
      const c = new FakeConnection(path, path === scansHubPath ? fail.hub : fail.service);
      made.push(c);
      return c as unknown as ScanConnection;
    },
    subscribe,
  };
  const states: string[] = [];
  const handlers: ScanFrameHandlers = { progress: vi.fn(), stage: vi.fn(), log: vi.fn(), state: (s) => states.push(s) };
  return { made, subscribe, deps, states, handlers };
}

describe("finding live progress", () => {
  it("subscribes on the self-host's hub when it answers, and never asks the service", async () => {
    const { made, subscribe, deps, states, handlers } = setup();
    await watchScan("key", "scan-1", handlers, deps);
    expect(made.map((c) => c.path)).toEqual([scansHubPath]);
    expect(made[0].invoked).toEqual([["Subscribe", "scan-1"]]);
    expect(subscribe).not.toHaveBeenCalled();
    expect(states).toEqual(["live"]);
    made[0].handlers.get("log")!({ stage: "fetch", stream: "stdout", line: "x", ts: "t" });
    expect(handlers.log).toHaveBeenCalledOnce();
  });

  it("falls back to Azure SignalR Service (negotiate at /v1/scans, subscribe over HTTP) where the hub is missing, and subscribes the new connection id after a reconnect", async () => {
    const { made, subscribe, deps, states, handlers } = setup({ hub: new Error("Not Found: Status code '404'") });
    await watchScan("key", "scan-1", handlers, deps);
    expect(made.map((c) => c.path)).toEqual([scansHubPath, serviceHubPath]);
    expect(made[0].state).toBe(HubConnectionState.Disconnected);
    expect(subscribe).toHaveBeenCalledWith("scan-1", "c1");
    expect(made[1].invoked).toEqual([]);
    expect(states).toEqual(["live"]);

    await made[1].reconnect();
    expect(subscribe).toHaveBeenLastCalledWith("scan-1", "c2");
    expect(states).toEqual(["live", "live"]);
  });

  it("rejects when neither path answers, closing what it opened, so the caller polls instead", async () => {
    const unavailable = new Error("Live progress is not configured");
    const { made, deps, states, handlers } = setup({ hub: new Error("404"), subscribe: unavailable });
    await expect(watchScan("key", "scan-1", handlers, deps)).rejects.toBe(unavailable);
    expect(made.every((c) => c.state === HubConnectionState.Disconnected)).toBe(true);
    expect(states).toEqual([]);
  });

  it("says closed once a live connection ends", async () => {
    const { made, deps, states, handlers } = setup();
    await watchScan("key", "scan-1", handlers, deps);
    await made[0].stop();
    expect(states).toEqual(["live", "closed"]);
  });
});
