using System.Text.RegularExpressions;
using TrustedOss.Functions.SelfHost;
using TrustedOss.Pipeline.Configuration;
using TrustedOss.Pipeline.Scans;
using TrustedOss.Shared;
using TrustedOss.Tests.TestSupport;
using Xunit.Abstractions;

namespace TrustedOss.Tests.EndToEnd;

/// <summary>Short partition leases, so a second instance gets its share of the task hub within seconds.</summary>
public sealed class SharedTaskHubFixture : SelfHostProcessFixture
{
    protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>
    {
        [DurableOptions.PartitionLeaseKey] = "6",
    };
}

/// <summary>ARCHITECTURE §3: several self-host instances (processes) on one task hub and one database share the work.</summary>
public sealed partial class SharedTaskHubTests(SharedTaskHubFixture app, ITestOutputHelper output) : IClassFixture<SharedTaskHubFixture>, IDisposable
{
    // More scans than one instance runs stages at once (4): while cdxgen runs for seconds, stages wait in the queue.
    private const int ScanCount = 6;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    public void Dispose() => app.WriteOutputTo(output);

    [Fact]
    public async Task Two_instances_on_one_task_hub_split_its_partitions_and_both_run_stages_of_scans_triggered_through_one()
    {
        var first = app.Process;
        var second = await app.StartAnotherAsync();

        // The first instance took every partition when it started alone; the second takes its share once leases are
        // rebalanced (a few lease-renewal rounds).
        var partitions = SelfHostedDurableSettings.Default.PartitionCount;
        var owners = await WaitForPartitionsAsync(p => p.Count == partitions && Owned(p, first) > 0 && Owned(p, second) > 0);
        Assert.Equal(partitions, Owned(owners, first) + Owned(owners, second));

        var repo = Path.Combine(app.Scratch, "repo");
        await new GitRepoBuilder(repo)
            .WithFile("README.md", "# hello\n\nNothing to resolve here.\n")
            .WithFile("src/main.c", "int main(void) { return 0; }\n")
            .BuildAsync();
        var client = app.Api.Client((await app.Api.NewMemberAsync("developer")).Key); // the first instance's API only
        var projects = new List<string>();
        for (var i = 0; i < ScanCount; i++) projects.Add(await SelfHostApi.CreateProjectAsync(client, "file://" + repo));
        var scanIds = await Task.WhenAll(projects.Select(p => SelfHostApi.TriggerScanAsync(client, p)));
        var scans = await Task.WhenAll(scanIds.Select(id => SelfHostApi.WaitForTerminalAsync(client, id, TimeSpan.FromMinutes(5))));

        Assert.All(scans, s => Assert.True(s.GetProperty("status").GetString() == "succeeded", s.ToString()));
        // Each instance's own output names the stages it ran ("Scan {id}: stage {slug} running on {machine}/{pid}").
        var ranInFirst = StagesRunBy(first);
        var ranInSecond = StagesRunBy(second);
        var scanned = scanIds.Select(Guid.Parse).ToHashSet();
        Assert.Contains(ranInFirst, s => scanned.Contains(s.ScanId));
        Assert.Contains(ranInSecond, s => scanned.Contains(s.ScanId));
        // Between them they ran every stage of every scan.
        foreach (var id in scanned)
            foreach (var stage in ScanPlan.SourceStages)
                Assert.True(ranInFirst.Contains((id, stage)) || ranInSecond.Contains((id, stage)), $"no instance logged {stage} of scan {id}");
    }

    private static int Owned(IReadOnlyDictionary<string, string> owners, SelfHostProcess process) =>
        owners.Values.Count(worker => worker.StartsWith($"{Environment.MachineName}-{process.ProcessId}-", StringComparison.Ordinal));

    private async Task<IReadOnlyDictionary<string, string>> WaitForPartitionsAsync(Func<IReadOnlyDictionary<string, string>, bool> balanced)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var owners = await TaskHubPartitions.OwnersAsync(app.Settings[DurableOptions.StorageKey], app.Settings[DurableOptions.TaskHubKey]);
            if (balanced(owners)) return owners;
            Assert.True(DateTime.UtcNow < deadline,
                $"the partitions were not shared within {Patience.TotalSeconds:0} s: {string.Join(", ", owners.Select(o => $"{o.Key} → {o.Value}"))}");
            await Task.Delay(250);
        }
    }

    /// <summary>The (scan, stage) pairs whose start <paramref name="process"/> logged with its own process id.</summary>
    private HashSet<(Guid ScanId, string Stage)> StagesRunBy(SelfHostProcess process) =>
        app.OutputOf(process)
            .Select(line => StageRunning().Match(line))
            .Where(m => m.Success && int.Parse(m.Groups["pid"].Value) == process.ProcessId)
            .Select(m => (Guid.Parse(m.Groups["scan"].Value), m.Groups["stage"].Value))
            .ToHashSet();

    [GeneratedRegex(@"Scan (?<scan>[0-9a-f-]{36}): stage (?<stage>\w+) running on .+/(?<pid>\d+)$")]
    private static partial Regex StageRunning();
}
