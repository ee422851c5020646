using System.Text.Json;

namespace TrustedOss.Pipeline.Sbom;

/// <param name="Manifests">Dependency manifests that declare something to find, relative to the source root.</param>
/// <param name="NpmWithoutLock">package.json files with dependencies but no lock file beside them: offline, cdxgen reads nothing from them.</param>
public sealed record ManifestScan(IReadOnlyList<string> Manifests, IReadOnlyList<string> NpmWithoutLock);

/// <summary>
/// Finds the dependency manifests in a source tree, so that "0 components" can be told apart from
/// "nothing to find". Vendored and generated folders are not the project's own manifests.
/// </summary>
public static class ManifestCounter
{
    private static readonly HashSet<string> ManifestNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "package.json", "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml",
        "packages.config", "packages.lock.json", "Directory.Packages.props",
        "pom.xml", "build.gradle", "build.gradle.kts", "gradle.lockfile",
        "requirements.txt", "Pipfile.lock", "poetry.lock", "pyproject.toml", "setup.py", "uv.lock",
        "go.mod", "Cargo.toml", "Cargo.lock", "Gemfile.lock", "composer.json", "composer.lock",
        "pubspec.lock", "mix.lock", "Package.resolved", "Podfile.lock",
    };

    private static readonly string[] ManifestExtensions = [".csproj", ".fsproj", ".vbproj"];

    private static readonly string[] NpmLockNames = ["package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml"];

    public static ManifestScan Scan(string sourceDir)
    {
        var manifests = new List<string>();
        var npmWithoutLock = new List<string>();
        Walk(new DirectoryInfo(sourceDir));
        return new ManifestScan(manifests, npmWithoutLock);

        void Walk(DirectoryInfo directory)
        {
            foreach (var entry in directory.EnumerateFileSystemInfos())
            {
                if (entry.LinkTarget is not null) continue;
                if (entry is DirectoryInfo child)
                {
                    if (!Licenses.ExcludedDirectories.IsExcluded(child.Name)) Walk(child);
                    continue;
                }
                if (!IsManifest(entry.Name) || !DeclaresDependencies(entry)) continue;
                var relative = Path.GetRelativePath(sourceDir, entry.FullName);
                manifests.Add(relative);
                if (entry.Name.Equals("package.json", StringComparison.OrdinalIgnoreCase)
                    && !NpmLockNames.Any(lockName => File.Exists(Path.Combine(directory.FullName, lockName))))
                    npmWithoutLock.Add(relative);
            }
        }
    }

    private static bool IsManifest(string name) =>
        ManifestNames.Contains(name) || ManifestExtensions.Any(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// npm manifests that declare no dependency at all legitimately give 0 components, so they do not
    /// count. Other kinds count by presence (checking each format is the SBOM tool's job).
    /// </summary>
    private static bool DeclaresDependencies(FileSystemInfo file)
    {
        string[] sections = file.Name.ToLowerInvariant() switch
        {
            "package.json" => ["dependencies", "devDependencies", "optionalDependencies", "peerDependencies"],
            "package-lock.json" or "npm-shrinkwrap.json" => ["packages", "dependencies"],
            _ => [],
        };
        if (sections.Length == 0) return true;
        try
        {
            using var stream = File.OpenRead(file.FullName);
            using var json = JsonDocument.Parse(stream);
            // A lock's "packages" always has the root project under "" — only other keys are dependencies.
            return sections.Any(s => json.RootElement.TryGetProperty(s, out var section)
                && section.ValueKind == JsonValueKind.Object
                && section.EnumerateObject().Any(p => p.Name.Length > 0));
        }
        catch (JsonException)
        {
            return true; // unreadable: let it count, so a broken manifest cannot pass as "nothing to find"
        }
    }
}
