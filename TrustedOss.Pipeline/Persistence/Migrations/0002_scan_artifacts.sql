-- Files one stage hands to a later one (the SBOM, trivy's report). Kept in the database, not on a
-- worker's disk, so any instance sharing the task hub can run the next stage.
CREATE TABLE scan_artifacts (
    scan_id    uuid NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
    name       text NOT NULL,
    content    bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (scan_id, name)
);
