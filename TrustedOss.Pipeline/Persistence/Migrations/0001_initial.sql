-- TrustedOSS Scans: the whole data model (ARCHITECTURE §7).
CREATE EXTENSION IF NOT EXISTS pgcrypto;

CREATE TABLE teams (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email          text NOT NULL UNIQUE CHECK (length(email) BETWEEN 3 AND 320),
    display_name   text NOT NULL DEFAULT '',
    is_super_admin boolean NOT NULL DEFAULT false,
    created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE memberships (
    team_id    uuid NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    user_id    uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role       text NOT NULL CHECK (role IN ('viewer', 'developer', 'admin')),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (team_id, user_id)
);

-- Keys are stored as HMAC-SHA256(pepper, key); `prefix` lets a user recognise a key without revealing it.
CREATE TABLE api_keys (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id      uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name         text NOT NULL DEFAULT '',
    prefix       text NOT NULL,
    key_hash     bytea NOT NULL UNIQUE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at   timestamptz
);

-- git_url may hold credentials for private repositories (spec: Projects → Private repositories):
-- it is never returned by the API; `git_url_display` is the same URL with the userinfo masked.
CREATE TABLE projects (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    team_id         uuid NOT NULL REFERENCES teams(id) ON DELETE RESTRICT,
    name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    slug            text NOT NULL CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    git_url         text,
    git_url_display text,
    default_branch  text NOT NULL DEFAULT 'main',
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (team_id, slug)
);

CREATE TABLE scans (
    id               uuid PRIMARY KEY,
    project_id       uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    kind             text NOT NULL CHECK (kind IN ('source', 'container')),
    status           text NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    metadata         jsonb NOT NULL DEFAULT '{}'::jsonb,
    current_step     text,
    progress_percent integer NOT NULL DEFAULT 0 CHECK (progress_percent BETWEEN 0 AND 100),
    vulnerability_db text CHECK (vulnerability_db IN ('present', 'absent')),
    vulnerability_db_updated_at timestamptz,
    commit_sha       text,
    error_message    text,
    created_by       uuid REFERENCES users(id) ON DELETE SET NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    started_at       timestamptz,
    completed_at     timestamptz
);
-- One active (queued|running) scan per project: the index decides races, never a read-then-write check.
CREATE UNIQUE INDEX scans_one_active_per_project ON scans (project_id) WHERE status IN ('queued', 'running');
CREATE INDEX scans_status_created ON scans (status, created_at DESC);
CREATE INDEX scans_project_created ON scans (project_id, created_at DESC);

CREATE TABLE scan_stages (
    scan_id      uuid NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
    stage        text NOT NULL,
    ordinal      integer NOT NULL,
    state        text NOT NULL CHECK (state IN ('pending', 'running', 'succeeded', 'failed', 'skipped')),
    detail       text,
    started_at   timestamptz,
    completed_at timestamptz,
    PRIMARY KEY (scan_id, stage)
);

CREATE TABLE scan_logs (
    scan_id  uuid NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
    seq      bigint NOT NULL,
    stage    text NOT NULL,
    stream   text NOT NULL CHECK (stream IN ('info', 'stdout', 'stderr')),
    line     text NOT NULL,
    ts       timestamptz NOT NULL,
    PRIMARY KEY (scan_id, seq)
);

CREATE TABLE components (
    id       uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    purl     text NOT NULL UNIQUE,
    type     text NOT NULL DEFAULT 'library',
    name     text NOT NULL,
    version  text
);

CREATE TABLE scan_components (
    scan_id      uuid NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
    component_id uuid NOT NULL REFERENCES components(id) ON DELETE CASCADE,
    scope        text,
    hashes       jsonb NOT NULL DEFAULT '{}'::jsonb,
    declared_license text,
    PRIMARY KEY (scan_id, component_id)
);

CREATE TABLE licenses (
    spdx_id    text PRIMARY KEY,
    name       text,
    legal_tier text NOT NULL CHECK (legal_tier IN ('allowed', 'conditional', 'forbidden', 'unknown'))
);

CREATE TABLE license_findings (
    id           bigserial PRIMARY KEY,
    scan_id      uuid NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
    component_id uuid REFERENCES components(id) ON DELETE CASCADE,
    origin       text NOT NULL CHECK (origin IN ('declared', 'detected')),
    expression   text NOT NULL,
    legal_tier   text NOT NULL CHECK (legal_tier IN ('allowed', 'conditional', 'forbidden', 'unknown')),
    source_path  text,
    confidence   integer,
    method       text
);
CREATE INDEX license_findings_scan ON license_findings (scan_id);

CREATE TABLE vulnerabilities (
    id          text PRIMARY KEY,
    title       text,
    description text,
    severity    text NOT NULL,
    cvss_score  numeric(3,1),
    cvss_vector text,
    epss_score  numeric(6,5),
    known_exploited boolean NOT NULL DEFAULT false,
    references_ jsonb NOT NULL DEFAULT '[]'::jsonb,
    published_at timestamptz,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE vulnerability_findings (
    id               bigserial PRIMARY KEY,
    scan_id          uuid NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
    vulnerability_id text NOT NULL REFERENCES vulnerabilities(id),
    component_id     uuid REFERENCES components(id) ON DELETE CASCADE,
    package_name     text NOT NULL,
    installed_version text,
    fixed_version    text,
    severity         text NOT NULL,
    target           text
);
CREATE INDEX vulnerability_findings_scan ON vulnerability_findings (scan_id);

-- Append-only audit trail: a trigger rejects UPDATE and DELETE.
CREATE TABLE audit_logs (
    id           bigserial PRIMARY KEY,
    occurred_at  timestamptz NOT NULL DEFAULT now(),
    actor_user_id uuid,
    actor_label  text NOT NULL,
    team_id      uuid,
    target_table text NOT NULL,
    target_id    text NOT NULL,
    action       text NOT NULL CHECK (action IN ('create', 'update', 'delete')),
    before       jsonb,
    after        jsonb
);
CREATE INDEX audit_logs_target ON audit_logs (target_table, target_id);

CREATE FUNCTION audit_logs_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_logs is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_logs_no_update_delete BEFORE UPDATE OR DELETE ON audit_logs
    FOR EACH ROW EXECUTE FUNCTION audit_logs_append_only();
CREATE TRIGGER audit_logs_no_truncate BEFORE TRUNCATE ON audit_logs
    FOR EACH STATEMENT EXECUTE FUNCTION audit_logs_append_only();
