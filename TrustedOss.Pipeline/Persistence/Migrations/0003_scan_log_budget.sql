-- How many log lines a scan produced past SCAN_LOG_MAX_LINES_PER_SCAN. Counted across stages (each
-- stage has its own writer), so the one marker line can say how many lines were dropped in all.
ALTER TABLE scans ADD COLUMN log_lines_dropped bigint NOT NULL DEFAULT 0;
