import { ApiError, problemFrom } from "./problem";
import type { Component, LicenseFinding, LogLine, Me, Project, Scan, ScanKind, Stage, Vulnerability } from "./types";

/** Every URL is relative: the page is served by the API's own host, so the API is on the same origin. */
export const apiBase = "";

export interface TriggerScan {
  kind: ScanKind;
  verbose: boolean;
  imageRef?: string;
  /** A source .zip (also a folder zipped in the browser) or a container image archive. */
  file?: Blob & { name?: string };
  fileName?: string;
}

export interface Page {
  limit: number;
  offset: number;
}

type Query = { [name: string]: string | number | undefined };

function withQuery(path: string, query?: object): string {
  const pairs = Object.entries((query ?? {}) as Query).filter(([, v]) => v !== undefined && v !== "");
  if (pairs.length === 0) return path;
  return `${path}?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join("&")}`;
}

/** The API over fetch, authenticated with the signed-in key. Errors arrive as ApiError (problem+json). */
export class ApiClient {
  constructor(
    readonly apiKey: string,
    private readonly onUnauthorized: (error: ApiError) => void = () => {},
  ) {}

  private async request<T>(method: string, path: string, init?: { json?: unknown; signal?: AbortSignal }): Promise<T> {
    const headers: Record<string, string> = { Authorization: `Bearer ${this.apiKey}`, Accept: "application/json" };
    if (init?.json !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(apiBase + path, {
      method,
      headers,
      body: init?.json === undefined ? undefined : JSON.stringify(init.json),
      signal: init?.signal,
    });
    if (!response.ok) {
      const error = await problemFrom(response);
      if (error.status === 401) this.onUnauthorized(error);
      throw error;
    }
    return (response.status === 204 ? undefined : await response.json()) as T;
  }

  me = (signal?: AbortSignal) => this.request<Me>("GET", "/v1/me", { signal });

  projects = async (signal?: AbortSignal) => (await this.request<{ items: Project[] }>("GET", "/v1/projects", { signal })).items;
  project = (id: string, signal?: AbortSignal) => this.request<Project>("GET", `/v1/projects/${encodeURIComponent(id)}`, { signal });
  projectScans = async (id: string, limit = 20, signal?: AbortSignal) =>
    (await this.request<{ items: Scan[] }>("GET", withQuery(`/v1/projects/${encodeURIComponent(id)}/scans`, { limit }), { signal })).items;

  components = async (id: string, filter: { legal_tier?: string } & Page, signal?: AbortSignal) =>
    (await this.request<{ items: Component[] }>("GET", withQuery(`/v1/projects/${encodeURIComponent(id)}/components`, filter), { signal })).items;
  licenses = async (id: string, filter: { legal_tier?: string; origin?: string } & Page, signal?: AbortSignal) =>
    (await this.request<{ items: LicenseFinding[] }>("GET", withQuery(`/v1/projects/${encodeURIComponent(id)}/licenses`, filter), { signal })).items;
  vulnerabilities = async (id: string, filter: { severity?: string } & Page, signal?: AbortSignal) =>
    (await this.request<{ items: Vulnerability[] }>("GET", withQuery(`/v1/projects/${encodeURIComponent(id)}/vulnerabilities`, filter), { signal }))
      .items;

  scan = (id: string, signal?: AbortSignal) => this.request<Scan>("GET", `/v1/scans/${encodeURIComponent(id)}`, { signal });
  scans = async (status: string, limit = 100, signal?: AbortSignal) =>
    (await this.request<{ items: Scan[] }>("GET", withQuery("/v1/scans", { status, limit }), { signal })).items;
  stages = async (id: string, signal?: AbortSignal) =>
    (await this.request<{ items: Stage[] }>("GET", `/v1/scans/${encodeURIComponent(id)}/stages`, { signal })).items;
  logs = async (id: string, query: { stage?: string; after_seq?: number; limit?: number }, signal?: AbortSignal) =>
    (await this.request<{ items: LogLine[] }>("GET", withQuery(`/v1/scans/${encodeURIComponent(id)}/logs`, query), { signal })).items;
  /** The whole stored log as text (GET /v1/scans/{id}/logs/download); fetched with the key, then saved by the page. */
  logText = async (id: string): Promise<Blob> => {
    const response = await fetch(`${apiBase}/v1/scans/${encodeURIComponent(id)}/logs/download`, {
      headers: { Authorization: `Bearer ${this.apiKey}` },
    });
    if (!response.ok) throw await problemFrom(response);
    return response.blob();
  };
  cancelScan = (id: string) => this.request<Scan>("POST", `/v1/scans/${encodeURIComponent(id)}/cancel`);
  /** Live progress through Azure SignalR Service (Serverless): joins a connection to the scan's group. */
  subscribeScan = (id: string, connectionId: string, signal?: AbortSignal) =>
    this.request<unknown>("POST", `/v1/scans/${encodeURIComponent(id)}/subscribe`, { json: { connection_id: connectionId }, signal });

  /**
   * POST /v1/projects/{id}/scans: JSON for a git or image-reference scan, multipart (file + kind + verbosity)
   * for an upload. Uploads go through XMLHttpRequest because fetch reports no upload progress.
   */
  triggerScan(projectId: string, request: TriggerScan, onUploadProgress?: (fraction: number) => void): Promise<Scan> {
    const path = `/v1/projects/${encodeURIComponent(projectId)}/scans`;
    const verbosity = request.verbose ? "verbose" : "normal";
    if (!request.file) {
      const metadata: Record<string, string> = { verbosity };
      if (request.kind === "container" && request.imageRef) metadata.image_ref = request.imageRef;
      return this.request<Scan>("POST", path, { json: { kind: request.kind, metadata } });
    }
    const form = new FormData();
    form.append("kind", request.kind);
    form.append("verbosity", verbosity);
    form.append("file", request.file, request.fileName ?? request.file.name ?? "upload.zip");
    return new Promise<Scan>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open("POST", apiBase + path);
      xhr.setRequestHeader("Authorization", `Bearer ${this.apiKey}`);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable && onUploadProgress) onUploadProgress(e.loaded / e.total);
      };
      xhr.onerror = () => reject(new ApiError(0, { title: "Could not reach the server", detail: "The upload was interrupted." }));
      xhr.onload = async () => {
        const response = new Response(xhr.responseText || null, {
          status: xhr.status,
          statusText: xhr.statusText,
          headers: { "Content-Type": xhr.getResponseHeader("Content-Type") ?? "application/json" },
        });
        if (response.ok) resolve((await response.json()) as Scan);
        else {
          const error = await problemFrom(response);
          if (error.status === 401) this.onUnauthorized(error);
          reject(error);
        }
      };
      xhr.send(form);
    });
  }
}
