import type { ProblemBody } from "./types";

/** A failed API call: the problem+json body when the server sent one, else a problem made from the status. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: ProblemBody;

  constructor(status: number, problem: ProblemBody) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }

  get title(): string {
    return this.problem.title ?? `Request failed (HTTP ${this.status})`;
  }

  get detail(): string | undefined {
    return this.problem.detail;
  }
}

/** Reads a non-2xx response into an ApiError; a body that is not problem+json still yields a readable title. */
export async function problemFrom(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => "");
  let body: ProblemBody = {};
  if (text) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === "object") body = parsed as ProblemBody;
    } catch {
      body = { detail: text.slice(0, 300) };
    }
  }
  if (!body.title) body = { ...body, title: response.statusText || `Request failed (HTTP ${response.status})` };
  return new ApiError(response.status, { status: response.status, ...body });
}

/** Turns anything thrown into something the page can show: network failures become a problem too. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ApiError(0, { title: "Could not reach the server", detail: message });
}
