import { HubConnectionBuilder, HubConnectionState, LogLevel, type HubConnection } from "@microsoft/signalr";
import type { LogFrame, ProgressFrame, StageFrame } from "../api/types";

/** The hub's path on the app's own origin (README: "Live progress"). */
export const scansHubPath = "/hubs/scans";

export interface ScanFrameHandlers {
  progress(frame: ProgressFrame): void;
  stage(frame: StageFrame): void;
  log(frame: LogFrame): void;
  state(state: "live" | "reconnecting" | "closed"): void;
}

/**
 * One connection per watched scan (frames carry no scan id): subscribe, then frames until the scan ends.
 * Reconnects with backoff and subscribes again, which re-sends the current state so the view converges.
 */
export async function watchScan(apiKey: string, scanId: string, handlers: ScanFrameHandlers): Promise<HubConnection> {
  const connection = new HubConnectionBuilder()
    .withUrl(scansHubPath, { accessTokenFactory: () => apiKey })
    .withAutomaticReconnect([0, 1000, 2000, 5000, 10000, 30000])
    .configureLogging(LogLevel.None)
    .build();
  connection.on("progress", handlers.progress);
  connection.on("stage", handlers.stage);
  connection.on("log", handlers.log);
  connection.onreconnecting(() => handlers.state("reconnecting"));
  connection.onreconnected(async () => {
    await connection.invoke("Subscribe", scanId);
    handlers.state("live");
  });
  connection.onclose(() => handlers.state("closed"));
  await connection.start();
  await connection.invoke("Subscribe", scanId);
  handlers.state("live");
  return connection;
}

export async function stopWatching(connection: HubConnection | null): Promise<void> {
  if (connection && connection.state !== HubConnectionState.Disconnected) await connection.stop().catch(() => {});
}
