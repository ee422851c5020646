using Microsoft.Extensions.Configuration;
using TrustedOss.Functions.Hosting;
using TrustedOss.Functions.SelfHost;
using TrustedOss.Pipeline.Configuration;
using TrustedOss.Tests.Integration.SelfHost.Samples;

namespace TrustedOss.Tests.Unit.SelfHost;

public sealed class TimerScheduleTests
{
    static readonly DateTimeOffset Noon = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Six_field_NCRONTAB_includes_seconds_and_is_evaluated_in_UTC()
    {
        var schedule = TimerSchedule.Parse("30 */5 * * * *");

        Assert.Equal(Noon.AddSeconds(30), schedule.NextAfter(Noon));
        Assert.Equal(Noon.AddMinutes(5).AddSeconds(30), schedule.NextAfter(Noon.AddSeconds(30)));
    }

    [Fact]
    public void Five_field_cron_and_hh_mm_ss_intervals_are_accepted_too()
    {
        Assert.Equal(Noon.AddHours(1), TimerSchedule.Parse("0 * * * *").NextAfter(Noon));
        Assert.Equal(Noon.AddMinutes(15), TimerSchedule.Parse("00:15:00").NextAfter(Noon));
    }

    [Fact]
    public void Anything_else_is_rejected()
    {
        Assert.Throws<FormatException>(() => TimerSchedule.Parse("every five minutes"));
    }

    [Fact]
    public void A_percent_setting_schedule_is_read_from_configuration()
    {
        TimerFunction fromSetting = TimerFunction.Discover(typeof(SampleTimers).Assembly).Single(t => t.Name == "SampleFromSetting");
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["SAMPLE_TIMER_SCHEDULE"] = "0 0 3 * * *" })
            .Build();

        Assert.Equal(Noon.AddHours(15), fromSetting.Schedule(configuration).NextAfter(Noon));
    }

    [Fact]
    public void An_unset_or_empty_schedule_setting_falls_back_to_its_default_and_a_set_one_wins()
    {
        TimerFunction fromSetting = TimerFunction.Discover(typeof(SampleTimers).Assembly).Single(t => t.Name == "SampleFromSetting");
        var defaults = new Dictionary<string, string> { ["SAMPLE_TIMER_SCHEDULE"] = "0 0 3 * * *" };
        IConfiguration Settings(string? value) => new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["SAMPLE_TIMER_SCHEDULE"] = value }).Build();

        Assert.Equal(Noon.AddHours(15), fromSetting.Schedule(Settings(null), defaults).NextAfter(Noon));
        Assert.Equal(Noon.AddHours(15), fromSetting.Schedule(Settings(""), defaults).NextAfter(Noon));
        Assert.Equal(Noon.AddSeconds(5), fromSetting.Schedule(Settings("*/5 * * * * *"), defaults).NextAfter(Noon));
    }

    [Theory]
    [InlineData("RefreshTrivyDb", MaintenanceOptions.TrivyDbRefreshScheduleKey, 15 * 60)]
    [InlineData("RematchVulnerabilities", MaintenanceOptions.RematchScheduleKey, 2 * 60)]
    [InlineData("FailStuckScans", MaintenanceOptions.StuckScanScheduleKey, 5 * 60)]
    [InlineData("ReclaimOrphanWorkspaces", MaintenanceOptions.OrphanWorkspaceScheduleKey, 10 * 60)]
    public void The_apps_timers_read_their_schedule_setting_and_default_to_the_documented_one(string function, string setting, int secondsAfterNoon)
    {
        TimerFunction timer = TimerFunction.Discover(typeof(SelfHostApp).Assembly).Single(t => t.Name == function);
        IConfiguration empty = new ConfigurationBuilder().Build();

        Assert.Equal($"%{setting}%", timer.Trigger.Schedule);
        Assert.Equal(Noon.AddSeconds(secondsAfterNoon), timer.Schedule(empty, MaintenanceOptions.ScheduleDefaults).NextAfter(Noon));
    }
}
