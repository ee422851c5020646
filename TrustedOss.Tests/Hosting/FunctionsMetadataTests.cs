using System.Reflection;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using TrustedOss.Tests.TestSupport;

namespace TrustedOss.Tests.Hosting;

/// <summary>The Functions build (what the real host reads) declares every function with its trigger.</summary>
public sealed class FunctionsMetadataTests
{
    private static readonly Assembly App = typeof(TrustedOss.Functions.Hosting.SelfHostApp).Assembly;

    private static Dictionary<string, string> MetadataTriggers()
    {
        var configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)))!;
        var path = Path.Combine(RepoPaths.RepoRoot, "TrustedOss.Functions", "bin", configuration, "net10.0", "functions.metadata");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.EnumerateArray().ToDictionary(
            f => f.GetProperty("name").GetString()!,
            f => f.GetProperty("bindings").EnumerateArray().Select(b => b.GetProperty("type").GetString()!).First(t => t.EndsWith("Trigger", StringComparison.Ordinal)));
    }

    private static Dictionary<string, string> DeclaredTriggers() =>
        App.GetTypes().SelectMany(t => t.GetMethods())
            .Select(m => (Function: m.GetCustomAttribute<FunctionAttribute>(), Parameters: m.GetParameters()))
            .Where(x => x.Function is not null)
            .ToDictionary(x => x.Function!.Name, x => x.Parameters.Select(p => p.GetCustomAttributes().Select(a => a.GetType().Name).FirstOrDefault(n => n.EndsWith("TriggerAttribute", StringComparison.Ordinal)))
                .First(n => n is not null)! switch
            {
                "HttpTriggerAttribute" => "httpTrigger",
                "OrchestrationTriggerAttribute" => "orchestrationTrigger",
                "ActivityTriggerAttribute" => "activityTrigger",
                "TimerTriggerAttribute" => "timerTrigger",
                var other => other,
            });

    [Fact]
    public void Functions_metadata_lists_every_declared_function_with_its_trigger_type()
    {
        var metadata = MetadataTriggers();
        var declared = DeclaredTriggers();

        Assert.Equal(declared.OrderBy(kv => kv.Key), metadata.OrderBy(kv => kv.Key));
        Assert.Equal("orchestrationTrigger", metadata["ScanOrchestrator"]);
        Assert.Equal("httpTrigger", metadata["TriggerScan"]);
        Assert.Equal("activityTrigger", metadata["CdxgenStage"]);
        Assert.Equal("httpTrigger", metadata["NegotiateScans"]);
        Assert.Equal("httpTrigger", metadata["SubscribeScan"]);
    }
}
