using Microsoft.Azure.Functions.Worker;

namespace TrustedOss.Tests.Integration.SelfHost.Samples;

/// <summary>Timer functions as the app declares them (6-field NCRONTAB, or a %SETTING%).</summary>
public sealed class SampleTimers(SampleProbe probe)
{
    [Function("SampleEverySecond")]
    public void EverySecond([TimerTrigger("* * * * * *")] TimerInfo timer) =>
        probe.Record("SampleEverySecond", $"{timer.ScheduleStatus?.LastUpdated:o}|{timer.ScheduleStatus?.Next:o}");

    [Function("SampleFromSetting")]
    public Task FromSetting([TimerTrigger("%SAMPLE_TIMER_SCHEDULE%")] TimerInfo timer, CancellationToken stopping)
    {
        probe.Record("SampleFromSetting");
        return Task.CompletedTask;
    }

    [Function("SampleFailingTimer")]
    public void Failing([TimerTrigger("* * * * * *")] TimerInfo timer)
    {
        probe.Record("SampleFailingTimer");
        throw new InvalidOperationException("timer body failed");
    }
}
