-- The manifest each component of a scan was read from (cdxgen's SrcFile, e.g. package-lock.json), so a CI report
-- (SARIF) can point a finding at a file in the repository.
ALTER TABLE scan_components ADD COLUMN manifest_path text;
