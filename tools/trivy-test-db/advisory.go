package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// Advisory is one input row: one vulnerable package in one ecosystem.
type Advisory struct {
	Ecosystem          string   `json:"ecosystem"`          // trivy's ecosystem prefix: npm, nuget, pip, maven, go, cargo, ...
	Source             string   `json:"source"`             // "npm::GitHub Security Advisory npm", or just the source name; default GHSA
	DataSourceID       string   `json:"dataSourceId"`       // default "ghsa"
	DataSourceURL      string   `json:"dataSourceUrl"`      // optional
	Package            string   `json:"package"`            // as trivy names it (npm: name, nuget: id, maven: group:artifact)
	ID                 string   `json:"id"`                 // CVE-… or GHSA-…
	VulnerableVersions []string `json:"vulnerableVersions"` // e.g. ["< 1.2.6"]
	PatchedVersions    []string `json:"patchedVersions"`    // e.g. ["1.2.6"]
	Title              string   `json:"title"`
	Description        string   `json:"description"`
	Severity           string   `json:"severity"` // UNKNOWN, LOW, MEDIUM, HIGH, CRITICAL
	CvssV3Vector       string   `json:"cvssV3Vector"`
	CvssV3Score        float64  `json:"cvssV3Score"`
	CweIDs             []string `json:"cweIds"`
	References         []string `json:"references"`
	PublishedDate      string   `json:"publishedDate"` // RFC 3339, optional
}

// ghsaNames are the source names trivy-db gives GitHub advisories per ecosystem.
var ghsaNames = map[string]string{
	"npm": "npm", "nuget": "NuGet", "pip": "pip", "maven": "Maven", "go": "Go",
	"rubygems": "RubyGems", "composer": "Composer", "cargo": "Rust", "pub": "Pub", "erlang": "Erlang",
}

var severities = map[string]int{"UNKNOWN": 0, "LOW": 1, "MEDIUM": 2, "HIGH": 3, "CRITICAL": 4}

func readAdvisories(path string) ([]Advisory, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var list []Advisory
	if err := json.Unmarshal(data, &list); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for i := range list {
		if err := list[i].normalize(); err != nil {
			return nil, fmt.Errorf("%s: entry %d: %w", path, i, err)
		}
	}
	return list, nil
}

func (a *Advisory) normalize() error {
	if a.Ecosystem == "" || a.Package == "" || a.ID == "" || len(a.VulnerableVersions) == 0 {
		return fmt.Errorf("ecosystem, package, id and vulnerableVersions are required")
	}
	a.Severity = strings.ToUpper(a.Severity)
	if a.Severity == "" {
		a.Severity = "UNKNOWN"
	}
	if _, ok := severities[a.Severity]; !ok {
		return fmt.Errorf("unknown severity %q", a.Severity)
	}
	if a.DataSourceID == "" {
		a.DataSourceID = "ghsa"
	}
	return nil
}

// BucketName is "<ecosystem>::<source name>"; trivy looks advisories up by the "<ecosystem>::" prefix.
func (a Advisory) BucketName() string {
	if strings.Contains(a.Source, "::") {
		return a.Source
	}
	name := a.Source
	if name == "" {
		eco, ok := ghsaNames[a.Ecosystem]
		if !ok {
			eco = a.Ecosystem
		}
		name = "GitHub Security Advisory " + eco
	}
	return a.Ecosystem + "::" + name
}

func (a Advisory) advisoryValue() interface{} {
	return map[string][]string{"PatchedVersions": nonNil(a.PatchedVersions), "VulnerableVersions": a.VulnerableVersions}
}

func (a Advisory) dataSourceValue() interface{} {
	url := a.DataSourceURL
	if url == "" && a.DataSourceID == "ghsa" {
		url = "https://github.com/advisories?query=type%3Areviewed+ecosystem%3A" + a.Ecosystem
	}
	name := a.BucketName()[len(a.Ecosystem)+2:]
	return map[string]string{"ID": a.DataSourceID, "Name": name, "URL": url}
}

func (a Advisory) vulnerabilityValue() interface{} {
	v := map[string]interface{}{
		"Title":          a.Title,
		"Description":    a.Description,
		"Severity":       a.Severity,
		"VendorSeverity": map[string]int{a.DataSourceID: severities[a.Severity]},
	}
	if a.CvssV3Vector != "" || a.CvssV3Score != 0 {
		v["CVSS"] = map[string]interface{}{a.DataSourceID: map[string]interface{}{"V3Vector": a.CvssV3Vector, "V3Score": a.CvssV3Score}}
	}
	if len(a.CweIDs) > 0 {
		v["CweIDs"] = a.CweIDs
	}
	if len(a.References) > 0 {
		v["References"] = a.References
	}
	if a.PublishedDate != "" {
		v["PublishedDate"] = a.PublishedDate
		v["LastModifiedDate"] = a.PublishedDate
	}
	return v
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
