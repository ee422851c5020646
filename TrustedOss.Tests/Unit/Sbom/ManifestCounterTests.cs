using TrustedOss.Pipeline.Sbom;
using TrustedOss.Tests.TestSupport;

namespace TrustedOss.Tests.Unit.Sbom;

public sealed class ManifestCounterTests : IDisposable
{
    private readonly TempDirectory _src = new();

    public void Dispose() => _src.Dispose();

    private void Write(string relative, string content = "")
    {
        var path = _src.Combine(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    [Fact]
    public void Counts_manifests_of_each_ecosystem_but_not_in_vendored_or_generated_folders()
    {
        Write("web/package.json", """{"dependencies":{"ms":"2.1.3"}}""");
        Write("web/package-lock.json", """{"packages":{"":{},"node_modules/ms":{"version":"2.1.3"}}}""");
        Write("api/Api.csproj");
        Write("api/packages.lock.json");
        Write("tools/go.mod");
        Write("web/node_modules/ms/package.json", """{"dependencies":{"x":"1"}}""");
        Write(".git/pom.xml");
        Write("vendor/x/Cargo.toml");

        var scan = ManifestCounter.Scan(_src.Path);

        Assert.Equal(
            ["api/Api.csproj", "api/packages.lock.json", "tools/go.mod", "web/package-lock.json", "web/package.json"],
            scan.Manifests.Order());
        Assert.Empty(scan.NpmWithoutLock);
    }

    [Fact]
    public void An_npm_manifest_declaring_no_dependencies_does_not_count()
    {
        Write("package.json", """{"name":"b","version":"1.0.0","dependencies":{}}""");
        Write("package-lock.json", """{"lockfileVersion":3,"packages":{"":{"name":"b"}}}""");

        Assert.Empty(ManifestCounter.Scan(_src.Path).Manifests);
    }

    [Fact]
    public void A_package_json_with_dependencies_and_no_lock_file_is_reported()
    {
        Write("package.json", """{"dependencies":{"ms":"^2.1.3"}}""");

        var scan = ManifestCounter.Scan(_src.Path);

        Assert.Equal(["package.json"], scan.Manifests);
        Assert.Equal(["package.json"], scan.NpmWithoutLock);
    }
}
