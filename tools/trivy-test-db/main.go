// Command trivy-test-db writes a tiny but real trivy vulnerability DB (schema v2) from a JSON
// list of advisories, so tests and the local demo can run `trivy sbom --skip-db-update
// --offline-scan` without downloading the real DB (no network here).
//
//	trivy-test-db -out <cacheDir> -in advisories.json [-updated-at 2026-01-02T03:04:05Z]
//
// writes <cacheDir>/db/trivy.db and <cacheDir>/db/metadata.json. Layout (as trivy-db v2 reads it):
//   - bucket "<ecosystem>::<source name>" → bucket <package> → key <advisory id> →
//     {"PatchedVersions":[…],"VulnerableVersions":[…]}
//   - bucket "data-source": "<ecosystem>::<source name>" → {"ID","Name","URL"}
//   - bucket "vulnerability": <advisory id> → {"Title","Description","Severity","VendorSeverity",…}
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
)

func main() {
	out := flag.String("out", "", "trivy cache dir; the DB goes to <out>/db/")
	in := flag.String("in", "", "JSON file with a list of advisories")
	updatedAt := flag.String("updated-at", "", "UpdatedAt/DownloadedAt in metadata.json, RFC 3339 (default: now)")
	flag.Parse()
	if *out == "" || *in == "" {
		fmt.Fprintln(os.Stderr, "usage: trivy-test-db -out <cacheDir> -in advisories.json [-updated-at RFC3339]")
		os.Exit(2)
	}
	now := time.Now().UTC()
	if *updatedAt != "" {
		t, err := time.Parse(time.RFC3339, *updatedAt)
		if err != nil {
			fail("bad -updated-at: %v", err)
		}
		now = t.UTC()
	}
	advisories, err := readAdvisories(*in)
	if err != nil {
		fail("%v", err)
	}
	if err := write(filepath.Join(*out, "db"), advisories, now); err != nil {
		fail("%v", err)
	}
	fmt.Printf("wrote %d advisories to %s\n", len(advisories), filepath.Join(*out, "db", "trivy.db"))
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "trivy-test-db: "+format+"\n", args...)
	os.Exit(1)
}

// write builds the DB under a temporary name and renames it into place, so a trivy run (or a
// DB-change watcher) never sees a half-written file.
func write(dbDir string, advisories []Advisory, now time.Time) error {
	if err := os.MkdirAll(dbDir, 0o755); err != nil {
		return err
	}
	tmp := filepath.Join(dbDir, "trivy.db.tmp")
	_ = os.Remove(tmp)
	db, err := bolt.Open(tmp, 0o644, &bolt.Options{Timeout: 5 * time.Second})
	if err != nil {
		return fmt.Errorf("open %s: %w", tmp, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, a := range advisories {
			if err := put(tx, a); err != nil {
				return fmt.Errorf("advisory %s (%s): %w", a.ID, a.Package, err)
			}
		}
		return nil
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, filepath.Join(dbDir, "trivy.db")); err != nil {
		return err
	}
	return writeMetadata(filepath.Join(dbDir, "metadata.json"), now)
}

func put(tx *bolt.Tx, a Advisory) error {
	bucket := a.BucketName()
	src, err := tx.CreateBucketIfNotExists([]byte(bucket))
	if err != nil {
		return err
	}
	pkg, err := src.CreateBucketIfNotExists([]byte(a.Package))
	if err != nil {
		return err
	}
	if err := putJSON(pkg, a.ID, a.advisoryValue()); err != nil {
		return err
	}
	ds, err := tx.CreateBucketIfNotExists([]byte("data-source"))
	if err != nil {
		return err
	}
	if err := putJSON(ds, bucket, a.dataSourceValue()); err != nil {
		return err
	}
	vulns, err := tx.CreateBucketIfNotExists([]byte("vulnerability"))
	if err != nil {
		return err
	}
	return putJSON(vulns, a.ID, a.vulnerabilityValue())
}

func putJSON(b *bolt.Bucket, key string, v interface{}) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put([]byte(key), data)
}

func writeMetadata(path string, now time.Time) error {
	meta := map[string]interface{}{
		"Version":      2,
		"NextUpdate":   now.Add(24 * time.Hour).Format(time.RFC3339Nano),
		"UpdatedAt":    now.Format(time.RFC3339Nano),
		"DownloadedAt": now.Format(time.RFC3339Nano),
	}
	data, err := json.Marshal(meta)
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
