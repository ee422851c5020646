// The API's JSON shapes (snake_case, as README.md's API reference documents them).

export type Role = "viewer" | "developer" | "admin";
export type ScanStatus = "queued" | "running" | "succeeded" | "failed" | "cancelled";
export type StageState = "pending" | "running" | "succeeded" | "failed" | "skipped";
export type ScanKind = "source" | "container";
export type LegalTier = "allowed" | "conditional" | "forbidden" | "unknown";

export interface TeamMembership {
  id: string;
  slug: string;
  name: string;
  role: Role;
}

export interface Me {
  user_id: string;
  email: string;
  is_super_admin: boolean;
  teams: TeamMembership[];
}

export interface Project {
  id: string;
  team_id: string;
  team_slug: string;
  name: string;
  slug: string;
  git_url: string | null;
  default_branch: string;
  created_at: string;
  updated_at: string;
  last_scan_id: string | null;
  last_scan_status: ScanStatus | null;
  last_scan_at: string | null;
  component_count: number | null;
  vulnerability_count: number | null;
}

export interface ScanMetadata {
  verbosity: "normal" | "verbose";
  image_ref?: string;
  ref?: string;
  upload?: string;
}

export interface Scan {
  id: string;
  project_id: string;
  project_name: string;
  kind: ScanKind;
  status: ScanStatus;
  metadata: ScanMetadata;
  current_step: string | null;
  progress_percent: number;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  error_detail: string | null;
  commit_sha: string | null;
  vulnerability_db: "present" | "absent" | null;
  vulnerability_db_updated_at: string | null;
  counts: { components: number; licenses: number; vulnerabilities: number };
}

export interface Stage {
  stage: string;
  ordinal: number;
  state: StageState;
  detail: string | null;
  started_at: string | null;
  completed_at: string | null;
}

export interface LogLine {
  seq: number;
  stage: string;
  stream: "info" | "stdout" | "stderr";
  line: string;
  ts: string;
}

export interface Component {
  purl: string;
  name: string;
  version: string | null;
  type: string;
  scope: string | null;
  declared_license: string | null;
  legal_tier: LegalTier;
}

export interface LicenseFinding {
  expression: string;
  origin: "declared" | "detected";
  legal_tier: LegalTier;
  component_purl: string | null;
  source_path: string | null;
  confidence: number | null;
  method: string | null;
}

export interface Vulnerability {
  id: string;
  severity: string;
  package_name: string;
  installed_version: string | null;
  fixed_version: string | null;
  title: string | null;
  cvss_score: number | null;
  epss_score: number | null;
  known_exploited: boolean;
  scan_kind: ScanKind;
  scan_id: string;
  target: string | null;
}

/** RFC 7807 problem+json, with the API's snake_case extensions. */
export interface ProblemBody {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  field?: string;
  scan_already_in_progress?: boolean;
  active_scan_id?: string;
  scan_already_cancelled?: boolean;
  scan_status?: ScanStatus;
  trace_id?: string;
  [extension: string]: unknown;
}

// Hub frames (README: "Live progress (self-host)").
export interface ProgressFrame {
  step: string;
  percent: number;
  ts: string;
}
export interface StageFrame {
  stage: string;
  state: StageState;
  ts: string;
}
export interface LogFrame {
  stage: string;
  stream: LogLine["stream"];
  line: string;
  ts: string;
}

export const terminalStatuses: readonly ScanStatus[] = ["succeeded", "failed", "cancelled"];
export const isTerminal = (status: string | null | undefined): boolean =>
  status === "succeeded" || status === "failed" || status === "cancelled";
export const isActive = (status: string | null | undefined): boolean => status === "queued" || status === "running";
