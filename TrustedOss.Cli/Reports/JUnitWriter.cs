using System.Xml.Linq;
using TrustedOss.CommandLine.Gate;

namespace TrustedOss.CommandLine.Reports;

/// <summary>
/// JUnit XML for GitLab's and Jenkins' test reports: a suite per finding kind, a test case per finding; a violation is a
/// <c>failure</c>, an accepted advisory is <c>skipped</c> with its reason, the rest pass. A first case records the scan
/// itself, so a clean scan still shows one passing test rather than an empty report.
/// </summary>
public static class JUnitWriter
{
    public static string Write(GateReport report)
    {
        var scanCase = new XElement("testcase", new XAttribute("classname", "trustedoss.scan"),
            new XAttribute("name", $"{report.Project.Slug} {report.Scan.Kind} scan {report.Scan.Id} {report.Scan.Status}"),
            new XElement("system-out", report.Result.Policy.Describe()));
        var suites = new List<XElement>
        {
            Suite("trustedoss.scan", [scanCase]),
            Suite("trustedoss.vulnerabilities", report.Result.Findings.Where(f => f.Kind == FindingKind.Vulnerability).Select(Case)),
            Suite("trustedoss.licenses", report.Result.Findings.Where(f => f.Kind == FindingKind.License).Select(Case)),
        };
        var root = new XElement("testsuites", new XAttribute("name", $"TrustedOSS gate: {report.Project.Slug}"),
            new XAttribute("tests", suites.Sum(s => (int)s.Attribute("tests")!)),
            new XAttribute("failures", suites.Sum(s => (int)s.Attribute("failures")!)), suites);
        return new XDocument(new XDeclaration("1.0", "utf-8", null), root).ToString(SaveOptions.None);
    }

    private static XElement Suite(string name, IEnumerable<XElement> cases)
    {
        var list = cases.ToList();
        return new XElement("testsuite", new XAttribute("name", name), new XAttribute("tests", list.Count),
            new XAttribute("failures", list.Count(c => c.Element("failure") is not null)),
            new XAttribute("skipped", list.Count(c => c.Element("skipped") is not null)), list);
    }

    private static XElement Case(GateFinding f)
    {
        var testCase = new XElement("testcase",
            new XAttribute("classname", f.Kind == FindingKind.Vulnerability ? "trustedoss.vulnerabilities" : "trustedoss.licenses"),
            new XAttribute("name", $"{f.RuleId} {f.Package}"),
            new XAttribute("file", f.ManifestPath ?? ""));
        var text = $"{f.Level}: {f.Title}{(f.Vulnerability?.FixedVersion is { } fix ? $" (fixed in {fix})" : "")}{(f.ManifestPath is null ? "" : $" — {f.ManifestPath}")}";
        switch (f.Status)
        {
            case FindingStatus.Violation:
                testCase.Add(new XElement("failure", new XAttribute("message", $"{f.RuleId} ({f.Level}) in {f.Package}"), new XAttribute("type", f.Level), text));
                break;
            case FindingStatus.Accepted:
                testCase.Add(new XElement("skipped", new XAttribute("message", f.Note ?? "accepted")));
                break;
            default:
                testCase.Add(new XElement("system-out", f.Note is null ? text : $"{text} [{f.Note}]"));
                break;
        }
        return testCase;
    }
}
