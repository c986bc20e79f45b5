using System.Globalization;
using OstreeSharp.Cli.Errors;

namespace OstreeSharp.Cli.Parsing;

/// <summary>
/// Parses <c>commit --timestamp</c> values: <c>@SECONDS</c>, <c>now</c>/<c>today</c>, <c>yesterday</c>, <c>tomorrow</c> (GNU date: relative to now), and
/// ISO-8601-like dates (<c>2020-01-01</c>, <c>2020-01-01 00:00:00</c>, <c>2020-01-01T00:00:00Z</c>, with offsets).
/// Times without a zone are local (honouring <c>TZ</c>), like ostree. A bare number is rejected.
/// </summary>
public static class TimestampParser
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd",
        "yyyy-MM-dd HH:mm",
        "yyyy-MM-dd HH:mm:ss",
        "yyyy-MM-ddTHH:mm",
        "yyyy-MM-ddTHH:mm:ss",
        "yyyy-MM-dd HH:mm:ss.FFFFFFF",
        "yyyy-MM-ddTHH:mm:ss.FFFFFFF",
    ];

    private static readonly string[] ZonedFormats =
    [
        "yyyy-MM-ddTHH:mm:ssK",
        "yyyy-MM-dd HH:mm:ssK",
        "yyyy-MM-ddTHH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
        "yyyy-MM-ddTHH:mmK",
        "yyyy-MM-dd HH:mm:ss zzz",
        "yyyy-MM-dd HH:mm:ss 'UTC'",
    ];

    /// <summary>Parses <paramref name="text"/> or throws <c>Could not parse 'TEXT'</c>.</summary>
    public static DateTimeOffset Parse(string text, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        clock ??= TimeProvider.System;
        string s = text.Trim();
        if (s.Length > 1 && s[0] == '@' && long.TryParse(s.AsSpan(1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long seconds)
            && seconds >= -62135596800 && seconds <= 253402300799)
        {
            return DateTimeOffset.FromUnixTimeSeconds(seconds);
        }
        TimeZoneInfo local = clock.LocalTimeZone;
        DateTimeOffset now = clock.GetUtcNow();
        switch (s.ToUpperInvariant())
        {
            case "NOW" or "TODAY":
                return now;
            case "YESTERDAY":
                return now.AddDays(-1);
            case "TOMORROW":
                return now.AddDays(1);
        }
        if (DateTimeOffset.TryParseExact(s, ZonedFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset zoned))
        {
            return zoned;
        }
        if (DateTime.TryParseExact(s, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime unzoned))
        {
            return new DateTimeOffset(unzoned, local.GetUtcOffset(unzoned));
        }
        throw new CliException($"Could not parse '{text}'");
    }
}
