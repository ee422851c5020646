using System.Globalization;
using Cronos;

namespace TrustedOss.Functions.SelfHost;

/// <summary>
/// A <c>[TimerTrigger]</c> schedule as the Functions host reads it: a 6-field NCRONTAB expression
/// (<c>{second} {minute} {hour} {day} {month} {day-of-week}</c>, 5 fields also accepted) or a
/// <c>hh:mm:ss</c> interval. Evaluated in UTC, the Functions default.
/// </summary>
internal abstract record TimerSchedule(string Text)
{
    /// <summary>The first occurrence strictly after <paramref name="after"/>, or null if there is none.</summary>
    public abstract DateTimeOffset? NextAfter(DateTimeOffset after);

    public static TimerSchedule Parse(string text)
    {
        string trimmed = text.Trim();
        int fields = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        if (fields is 5 or 6)
        {
            var format = fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard;
            return new Cron(text, CronExpression.Parse(trimmed, format));
        }

        if (TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out TimeSpan interval) && interval > TimeSpan.Zero)
        {
            return new Interval(text, interval);
        }

        throw new FormatException($"'{text}' is neither an NCRONTAB expression nor an hh:mm:ss interval.");
    }

    sealed record Cron(string Text, CronExpression Expression) : TimerSchedule(Text)
    {
        public override DateTimeOffset? NextAfter(DateTimeOffset after) => Expression.GetNextOccurrence(after, TimeZoneInfo.Utc);
    }

    sealed record Interval(string Text, TimeSpan Every) : TimerSchedule(Text)
    {
        public override DateTimeOffset? NextAfter(DateTimeOffset after) => after + Every;
    }
}
