using System.Diagnostics;
using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using OstreeSharp.Maintenance;

namespace OstreeSharp.Tests.Maintenance;

/// <summary>
/// The GNU <c>date -d</c> grammar that <c>ostree commit --timestamp</c> uses: fixed expectations with an injected
/// "now" (values observed with coreutils date and ostree 2022.7), GNU date itself as an oracle in two zones, and
/// round trips of formatted instants.
/// </summary>
public sealed class DateExpressionGrammarTests
{
    // A Sunday.
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 38, 35, TimeSpan.Zero);

    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    /// <summary>Absolute forms: GNU date must give exactly these seconds, in UTC and in New York.</summary>
    public static readonly string[] Absolute =
    [
        "@1700000000", "@-5", "@1.5", "@-1.5", "@0",
        "2024-01-02", "2024-1-2", "24-01-02", "69-01-01", "68-12-31", "20240102",
        "2024-01-02T03:04:05", "2024-01-02 03:04:05", "2024-01-02T03:04", "2024-01-02 03:04", "2024-01-02t03:04:05z",
        "2024-01-02T03:04:05Z", "2024-01-02T03:04:05+05:30", "2024-01-02T03:04:05+0530", "2024-01-02T03:04:05-05",
        "2024-01-02 03:04:05 UTC", "2024-01-02 03:04:05 GMT", "2024-01-02 03:04:05 gmt", "2024-01-02T03:04:05 Z",
        "2024-01-02T03:04:05.75Z", "2024-01-02T03:04:05,5", "2024-01-02 03:04:05.123456789", "2024-01-02T03:04:05.5+01:00",
        "2024-01-02 03:04:05 -0800", "2024-01-02 03:04:05 +05", "2024-01-02 03:04 +1", "2024-01-02 03:04 +2400",
        "2024-01-02 03:04:05 EST", "2024-01-02 03:04:05 PDT", "2024-01-02 03:04 CEST", "2024-01-02 03:04 JST",
        "2024-01-02 03:04 IST", "2024-01-02 03:04 UTC-0300", "2024-01-02 UTC+2", "2024-01-02 EST",
        "01/02/2024", "1/2/24", "2024/01/02", "2 Jan 2024", "2 january 2024", "JAN 2 2024", "january 2, 2024",
        "2-jan-2024", "jan-10-2024", "sept 5 2024", "Jan 2 2024 03:04", "Dec 31 1999 23:59:59",
        "Tue, 02 Jan 2024 03:04:05 +0000", "Wed, 03 Jan 2024 03:04:05 -0700", "thu 2024-01-04", "Fri, 5 Jan 2024 10:00",
        "2024-01-02 3pm", "2024-01-02 3:04 PM", "2024-01-02 12am", "2024-01-02 12:30 a.m.", "2024-01-02 12pm",
        "1/2/2024 3pm", "3:04:05pm 2024-01-02", "2024-01-02 0304", "20240102 0304", "2024-01-02 12",
        "2024-01-02 +1 day", "2024-01-02 1 month ago", "2024-01-31 +1 month", "2024-01-02 12:00 +2 hours",
        "2024-01-02 12:00 +180 days", "2024-01-02 03:04:05 +1 day", "2024-01-02 03:04 -3 hours", "2024-01-02 +180 days",
        "2024-03-01 -1 day", "2023-02-28 +1 year", "2024-02-29 +1 year", "2024-07-01 12:00", "2024-11-03 01:30",
        "2024-01-02 1 year 2 months ago", "2024-01-02 -1 day ago", "2024-01-02 next week", "2024-01-02 last month",
        "2024-01-02 2 fortnights ago", "2024-01-02 3 mins ago", "2024-01-02 5 secs", "1969-07-20 20:17:40 UTC",
        "12/25 1999", "12/25 03:04 15", "1200 12/25 1999", "2024-01-02 monday", "31 dec 2020 monday", "15 Dec 31",
        "31 dec 2020 fortnight", "UTC 31 dec 2020 sec", "2023 today 31 dec 2020",
    ];

    /// <summary>Forms relative to now: compared with GNU date within a few seconds.</summary>
    public static readonly string[] Relative =
    [
        "now", "today", "yesterday", "tomorrow", "", "NOW", "Today", "1 day ago", "+3 hours", "-2 weeks", "2 days ago 12:00",
        "last monday", "next monday", "this monday", "monday", "sunday", "last sunday", "next sunday", "saturday",
        "2 monday", "third monday", "Tuesday", "tue", "tues", "wed", "thur", "thurs", "Wednesday,", "sun 12:00",
        "tuesday 3pm", "next year", "last year", "this week", "next day", "last hour", "1 days", "2 day", "1 week",
        "yesterday 12:00", "12:00:00 yesterday", "now 1 day ago", "tomorrow 1 hour ago", "1 year 2 months ago",
        "3pm", "3 pm", "12pm", "12:30am", "12:00", "12", "7", "123", "1200", "2024", "10 jan", "jan 10", "10-jan", "1/2",
        "UTC", "Z", "1 hour ago UTC", "1 day ago UTC", "200 days ago", "200 days ago 12:00", "tuesday 200 days ago",
        "sunday week", "2 fortnights ago", "3 mins ago", "5 sec", "-1 day ago", "15 +0100", "15 -3", "tomorrow 12/25 2023",
        "Dec 31 15", "12/25 12", "Z -3 min", "UTC -05:30 tomorrow", "Z +0100", "fri ,", "fri, 12:00", "3pm +2 hours",
        "1200 month",
    ];

    /// <summary>Forms GNU date (and ostree) reject.</summary>
    public static readonly string[] Rejected =
    [
        "garbage", "12345", "2024-13-01", "2024-02-30", "2023-02-29", "2024-01-02 24:00", "2024-01-02 03:04:60",
        "2024-01-02 noon", "noon", "midnight", "Jan 2024", "2024-jan-02", "2024.01.02", "02.01.2024", "ago",
        "3 hours ago ago", "0am", "13pm", "00:30am", "2024-01-02 +05:30", "2024-01-02 03:04 +2401", "2024-01-02 03:04 +25",
        "2024-01-02 12:00 +4000 hours", "yesterday noon", "midnight today", "2024-01-02T030405", "@", "@x", "1 fortnite",
        "now Dec 31 1999", "3:04pm +0100", ",", "next fri,", "tomorrow ago", "week 03:04:05 Dec 31 2023", "12:00 +1 EST",
        "2023 +2", "1200 -05:30 fortnight",
    ];

    public static TheoryData<string, string, string> Fixed() => new()
    {
        { "@1700000000", "UTC", "2023-11-14T22:13:20+00:00" },
        { "2024-01-02", "America/New_York", "2024-01-02T05:00:00+00:00" },
        { "2024-01-02T03:04:05+05:30", "America/New_York", "2024-01-01T21:34:05+00:00" },
        { "Tue, 02 Jan 2024 03:04:05 +0000", "America/New_York", "2024-01-02T03:04:05+00:00" },
        { "2024-01-02 12:00 +180 days", "America/New_York", "2024-01-03T09:40:00+00:00" },
        { "2024-01-31 +1 month", "UTC", "2024-03-02T00:00:00+00:00" },
        { "2024-11-03 01:30", "America/New_York", "2024-11-03T05:30:00+00:00" },
        { "last monday", "UTC", "2026-11-16T00:00:00+00:00" },
        { "next sunday", "UTC", "2026-11-29T00:00:00+00:00" },
        { "third monday", "UTC", "2026-12-07T00:00:00+00:00" },
        { "2 days ago 12:00", "UTC", "2026-11-20T12:00:00+00:00" },
        { "2024", "UTC", "2026-11-22T20:24:00+00:00" },
        { "1 hour ago UTC", "America/New_York", "2026-11-22T03:38:35+00:00" },
        { "200 days ago", "America/New_York", "2026-05-06T09:38:35+00:00" },
        { "200 days ago 12:00", "America/New_York", "2026-05-06T16:00:00+00:00" },
        { "tuesday 200 days ago", "America/New_York", "2026-05-08T04:00:00+00:00" },
        { "UTC", "America/New_York", "2026-11-22T00:00:00+00:00" },
        { "", "America/New_York", "2026-11-22T05:00:00+00:00" },
        { "1 year 2 months ago", "UTC", "2027-09-22T09:38:35+00:00" },
    };

    [Theory]
    [MemberData(nameof(Fixed))]
    public void FixedNowExpectations(string text, string zone, string expected)
    {
        var tz = zone == "UTC" ? TimeZoneInfo.Utc : NewYork;
        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), DateExpression.Parse(text, Now, tz));
    }

    [Fact]
    public void RejectsWithFormatException()
    {
        foreach (string text in Rejected)
        {
            Assert.False(DateExpression.TryParse(text, Now, TimeZoneInfo.Utc, out _), text);
            var ex = Assert.Throws<FormatException>(() => DateExpression.Parse(text, Now, NewYork));
            Assert.Equal($"Could not parse '{text}'", ex.Message);
        }
    }

    [Fact]
    public void NonexistentLocalTimeIsRejected() =>
        Assert.False(DateExpression.TryParse("2024-03-10 02:30", Now, NewYork, out _));

    [Theory]
    [InlineData("UTC")]
    [InlineData("America/New_York")]
    public void AbsoluteFormsMatchGnuDate(string zone)
    {
        if (!GnuDateAvailable())
            return;
        var tz = zone == "UTC" ? TimeZoneInfo.Utc : NewYork;
        var oracle = RunDate(zone, Absolute, out _);
        var failures = new List<string>();
        for (int i = 0; i < Absolute.Length; i++)
        {
            long? ours = DateExpression.TryParse(Absolute[i], Now, tz, out var r) ? r.ToUnixTimeSeconds() : null;
            if (oracle[i] is null || ours != oracle[i])
                failures.Add($"'{Absolute[i]}': date {oracle[i]?.ToString(CultureInfo.InvariantCulture) ?? "error"}, ours {ours?.ToString(CultureInfo.InvariantCulture) ?? "error"}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory]
    [InlineData("UTC")]
    [InlineData("America/New_York")]
    public void RelativeFormsMatchGnuDate(string zone)
    {
        if (!GnuDateAvailable())
            return;
        var tz = zone == "UTC" ? TimeZoneInfo.Utc : NewYork;
        var oracle = RunDate(zone, Relative, out var started);
        var failures = new List<string>();
        for (int i = 0; i < Relative.Length; i++)
        {
            long? ours = DateExpression.TryParse(Relative[i], started, tz, out var r) ? r.ToUnixTimeSeconds() : null;
            if (oracle[i] is null || ours is null || Math.Abs(ours.Value - oracle[i]!.Value) > 5)
                failures.Add($"'{Relative[i]}': date {oracle[i]?.ToString(CultureInfo.InvariantCulture) ?? "error"}, ours {ours?.ToString(CultureInfo.InvariantCulture) ?? "error"}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void RejectedFormsAreRejectedByGnuDate()
    {
        if (!GnuDateAvailable())
            return;
        var oracle = RunDate("UTC", Rejected, out _);
        for (int i = 0; i < Rejected.Length; i++)
            Assert.True(oracle[i] is null, $"GNU date accepts '{Rejected[i]}'");
    }

    [Fact]
    public void FormattedInstantsRoundTrip()
    {
        var gen =
            from seconds in Gen.Choose(-2_000_000_000, 2_000_000_000)
            from extra in Gen.Choose(0, 2)
            from offsetQuarters in Gen.Choose(-48, 56)
            from form in Gen.Choose(0, 4)
            from zone in Gen.Elements(TimeZoneInfo.Utc, NewYork)
            select (Seconds: (long)seconds + (extra * 2_000_000_000L), Offset: TimeSpan.FromMinutes(offsetQuarters * 15), Form: form, Zone: zone);
        Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var instant = DateTimeOffset.FromUnixTimeSeconds(c.Seconds).ToOffset(c.Offset);
            string text = c.Form switch
            {
                0 => instant.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
                1 => instant.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " " + instant.ToString("zzz", CultureInfo.InvariantCulture).Replace(":", "", StringComparison.Ordinal),
                2 => instant.ToString("ddd, dd MMM yyyy HH:mm:ss ", CultureInfo.InvariantCulture) + instant.ToString("zzz", CultureInfo.InvariantCulture).Replace(":", "", StringComparison.Ordinal),
                3 => instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                _ => "@" + c.Seconds.ToString(CultureInfo.InvariantCulture),
            };
            return DateExpression.TryParse(text, Now, c.Zone, out var parsed) && parsed.ToUnixTimeSeconds() == c.Seconds;
        }).QuickCheckThrowOnFailure();
    }

    private static bool GnuDateAvailable()
    {
        if (File.Exists("/usr/bin/date"))
            return true;
        Assert.False(string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase), "GNU date is required in CI");
        return false;
    }

    /// <summary>Runs <c>date -d LINE +%s</c> for each line in one shell; null where date rejects the line.</summary>
    private static long?[] RunDate(string zone, string[] lines, out DateTimeOffset started)
    {
        var psi = new ProcessStartInfo("/bin/sh", ["-c", "while IFS= read -r l; do /usr/bin/date -d \"$l\" +%s 2>/dev/null || echo ERR; done"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        };
        psi.Environment["TZ"] = zone;
        psi.Environment["LC_ALL"] = "C";
        started = DateTimeOffset.UtcNow;
        using var p = Process.Start(psi)!;
        foreach (string l in lines)
            p.StandardInput.Write(l + "\n");
        p.StandardInput.Close();
        var output = p.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        p.WaitForExit();
        Assert.Equal(lines.Length, output.Length);
        return [.. output.Select(o => o == "ERR" ? (long?)null : long.Parse(o, CultureInfo.InvariantCulture))];
    }
}
