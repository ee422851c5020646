import { HubConnectionBuilder, HubConnectionState, LogLevel, type HubConnection } from "@microsoft/signalr";
import type { LogFrame, ProgressFrame, StageFrame } from "../api/types";

/**
 * Where live progress is, on the app's own origin (README "Live progress"): the self-host's hub, where the
 * client calls `Subscribe`; else (the Functions host) Azure SignalR Service in Serverless mode, reached by
 * negotiating at `/v1/scans` and subscribed over HTTP. The page tries them in this order.
 */
export const scansHubPath = "/hubs/scans";
export const serviceHubPath = "/v1/scans";

export interface ScanFrameHandlers {
  progress(frame: ProgressFrame): void;
  stage(frame: StageFrame): void;
  log(frame: LogFrame): void;
  state(state: "live" | "reconnecting" | "closed"): void;
}

/** The parts of a SignalR connection the watcher uses (a HubConnection; a fake in unit tests). */
export type ScanConnection = Pick<
  HubConnection,
  "on" | "onreconnecting" | "onreconnected" | "onclose" | "start" | "stop" | "invoke" | "state" | "connectionId"
>;

export interface WatchDeps {
  /** Builds an unstarted connection to `path` with the API key as its access token. */
  connect(path: string, apiKey: string): ScanConnection;
  /** POST /v1/scans/{id}/subscribe: joins a Serverless-mode connection to the scan's group. */
  subscribe(scanId: string, connectionId: string): Promise<unknown>;
}

export function buildConnection(path: string, apiKey: string): HubConnection {
  return new HubConnectionBuilder()
    .withUrl(path, { accessTokenFactory: () => apiKey })
    .withAutomaticReconnect([0, 1000, 2000, 5000, 10000, 30000])
    .configureLogging(LogLevel.None)
    .build();
}

/**
 * One connection per watched scan (frames carry no scan id): subscribe, then frames until the scan ends.
 * Reconnects with backoff and subscribes again (a new connection id through the service), which re-sends
 * the current state so the view converges. Rejects when neither path answers; the caller then polls.
 */
export async function watchScan(apiKey: string, scanId: string, handlers: ScanFrameHandlers, deps: WatchDeps): Promise<ScanConnection> {
  try {
    return await open(deps.connect(scansHubPath, apiKey), handlers, (c) => c.invoke("Subscribe", scanId));
  } catch {
    // No hub here (the Functions host answers 404), or it refused: try the service path.
    return await open(deps.connect(serviceHubPath, apiKey), handlers, (c) => deps.subscribe(scanId, c.connectionId ?? ""));
  }
}

async function open(connection: ScanConnection, handlers: ScanFrameHandlers, subscribe: (c: ScanConnection) => Promise<unknown>) {
  connection.on("progress", handlers.progress);
  connection.on("stage", handlers.stage);
  connection.on("log", handlers.log);
  let started = false;
  connection.onreconnecting(() => handlers.state("reconnecting"));
  connection.onreconnected(async () => {
    try {
      await subscribe(connection);
      handlers.state("live");
    } catch {
      await connection.stop().catch(() => {});
    }
  });
  connection.onclose(() => {
    if (started) handlers.state("closed");
  });
  try {
    await connection.start();
    await subscribe(connection);
  } catch (e) {
    await stopWatching(connection);
    throw e;
  }
  started = true;
  handlers.state("live");
  return connection;
}

export async function stopWatching(connection: ScanConnection | null): Promise<void> {
  if (connection && connection.state !== HubConnectionState.Disconnected) await connection.stop().catch(() => {});
}
