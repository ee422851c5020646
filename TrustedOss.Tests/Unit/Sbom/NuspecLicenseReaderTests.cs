using TrustedOss.Pipeline.Sbom;

namespace TrustedOss.Tests.Unit.Sbom;

/// <summary>Reads real nuspecs from the NuGet global packages folder this build restored into.</summary>
public class NuspecLicenseReaderTests
{
    private static readonly NuspecLicenseReader Reader = new(NuspecLicenseReader.DefaultPackagesDir());

    private static void RequireRestored(string id, string version)
    {
        var path = Path.Combine(Reader.PackagesDir, id, version, id + ".nuspec");
        Assert.True(File.Exists(path), $"{path} is missing: the test reads packages this solution restores (Directory.Packages.props).");
    }

    [Theory]
    [InlineData("Dapper", "2.1.86", "Apache-2.0")]
    [InlineData("Npgsql", "10.0.3", "PostgreSQL")]
    [InlineData("Moq", "4.21.0", "BSD-3-Clause")]
    [InlineData("CliWrap", "3.10.5", "MIT")]
    public async Task Reads_the_license_expression_of_restored_packages(string id, string version, string expected)
    {
        RequireRestored(id.ToLowerInvariant(), version);

        Assert.Equal(expected, await Reader.ReadLicenseAsync(id, version, CancellationToken.None));
    }

    [Fact]
    public async Task Fills_only_nuget_components_that_lack_a_license()
    {
        RequireRestored("dapper", "2.1.86");
        RequireRestored("npgsql", "10.0.3");
        SbomComponent Component(string purl, string? license) =>
            new(purl, purl, "x", null, null, "library", null, new Dictionary<string, string>(), license);
        var components = new[]
        {
            Component("pkg:nuget/Dapper@2.1.86", null),
            Component("pkg:nuget/Npgsql@10.0.3", "LicenseRef-kept"),
            Component("pkg:npm/left-pad@1.3.0", null),
            Component("pkg:nuget/Does.Not.Exist@1.0.0", null),
        };

        var filled = await Reader.FillMissingLicensesAsync(components, CancellationToken.None);

        Assert.Equal(["Apache-2.0", "LicenseRef-kept", null, null], filled.Select(c => c.DeclaredLicense));
    }

    [Fact]
    public async Task Uses_a_known_license_url_and_ignores_a_repository_link()
    {
        var dir = Directory.CreateTempSubdirectory("nuspec-").FullName;
        try
        {
            await WriteNuspec(dir, "old.pkg", "1.0.0", "<licenseUrl>https://licenses.nuget.org/MIT%20OR%20Apache-2.0</licenseUrl>");
            await WriteNuspec(dir, "older.pkg", "2.0.0", "<licenseUrl>http://www.apache.org/licenses/LICENSE-2.0</licenseUrl>");
            await WriteNuspec(dir, "repo.pkg", "1.0.0", "<licenseUrl>https://raw.github.com/JamesNK/Newtonsoft.Json/master/LICENSE.md</licenseUrl>");
            await WriteNuspec(dir, "file.pkg", "1.0.0", "<license type=\"file\">LICENSE.txt</license><licenseUrl>https://aka.ms/deprecateLicenseUrl</licenseUrl>");
            await WriteNuspec(dir, "short.pkg", "1.2.0", "<license type=\"expression\">mit</license>");
            var reader = new NuspecLicenseReader(dir);

            Assert.Equal("MIT OR Apache-2.0", await reader.ReadLicenseAsync("Old.Pkg", "1.0.0", CancellationToken.None));
            Assert.Equal("Apache-2.0", await reader.ReadLicenseAsync("older.pkg", "2.0.0", CancellationToken.None));
            Assert.Null(await reader.ReadLicenseAsync("repo.pkg", "1.0.0", CancellationToken.None));
            Assert.Null(await reader.ReadLicenseAsync("file.pkg", "1.0.0", CancellationToken.None));
            Assert.Equal("MIT", await reader.ReadLicenseAsync("short.pkg", "1.2", CancellationToken.None)); // folder is the normalized 1.2.0
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task The_newtonsoft_json_versions_in_the_cache_read_as_nuget_publishes_them()
    {
        var dir = Path.Combine(Reader.PackagesDir, "newtonsoft.json");
        Assert.True(Directory.Exists(dir), $"{dir} is missing (restored as a dependency of the Functions SDK).");
        foreach (var version in Directory.GetDirectories(dir).Select(Path.GetFileName))
        {
            var text = await File.ReadAllTextAsync(Path.Combine(dir, version!, "newtonsoft.json.nuspec"));
            var expected = text.Contains("<license type=\"expression\">MIT</license>") ? "MIT" : null; // ≤ 12.x only link the repo's LICENSE.md
            Assert.Equal(expected, await Reader.ReadLicenseAsync("Newtonsoft.Json", version!, CancellationToken.None));
        }
    }

    [Theory]
    [InlineData("pkg:nuget/Newtonsoft.Json@13.0.3", "Newtonsoft.Json", "13.0.3")]
    [InlineData("pkg:nuget/Microsoft.Extensions.Logging@8.0.0?repository_url=x", "Microsoft.Extensions.Logging", "8.0.0")]
    [InlineData("pkg:nuget/My%2BPkg@1.0.0-beta%2B1", "My+Pkg", "1.0.0-beta+1")]
    public void Parses_nuget_purls(string purl, string id, string version)
    {
        Assert.Equal((id, version), NuspecLicenseReader.ParseNugetPurl(purl));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("pkg:npm/x@1")]
    [InlineData("pkg:nuget/NoVersion")]
    public void Other_purls_are_not_nuget(string? purl)
    {
        Assert.Null(NuspecLicenseReader.ParseNugetPurl(purl));
    }

    private static async Task WriteNuspec(string root, string id, string version, string licenseXml)
    {
        var dir = Directory.CreateDirectory(Path.Combine(root, id, version)).FullName;
        await File.WriteAllTextAsync(Path.Combine(dir, id + ".nuspec"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
              <metadata><id>{id}</id><version>{version}</version>{licenseXml}</metadata>
            </package>
            """);
    }
}
