using System.Diagnostics;
using OstreeSharp.Maintenance;

namespace OstreeSharp.Tests.Maintenance;

public class DateExpressionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 6, 30, 15, TimeSpan.Zero);

    [Theory]
    [InlineData("@1600259200", "2020-09-16T12:26:40+00:00")]
    [InlineData("2020-09-16", "2020-09-16T00:00:00+00:00")]
    [InlineData("2020-09-16 12:00", "2020-09-16T12:00:00+00:00")]
    [InlineData("2020-09-16T12:00:00Z", "2020-09-16T12:00:00+00:00")]
    [InlineData("2020-09-16T12:00:00+02:00", "2020-09-16T12:00:00+02:00")]
    [InlineData("Sep 16 2020", "2020-09-16T00:00:00+00:00")]
    [InlineData("16 September 2020", "2020-09-16T00:00:00+00:00")]
    [InlineData("09/16/2020", "2020-09-16T00:00:00+00:00")]
    [InlineData("2 days ago", "2026-11-20T06:30:15+00:00")]
    [InlineData("1 year ago", "2025-11-22T06:30:15+00:00")]
    [InlineData("yesterday", "2026-11-21T06:30:15+00:00")]
    [InlineData("tomorrow", "2026-11-23T06:30:15+00:00")]
    [InlineData("now", "2026-11-22T06:30:15+00:00")]
    [InlineData("last week", "2026-11-15T06:30:15+00:00")]
    [InlineData("3 hours ago", "2026-11-22T03:30:15+00:00")]
    [InlineData("", "2026-11-22T00:00:00+00:00")]
    public void ParsesLikeGnuDate(string text, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), DateExpression.Parse(text, Now, TimeZoneInfo.Utc));

    [Theory]
    [InlineData("garbage")]
    [InlineData("2020-13-45")]
    [InlineData("2020-02-30")]
    [InlineData("25:00")]
    [InlineData("ago")]
    public void RejectsWhatGnuDateRejects(string text)
    {
        Assert.False(DateExpression.TryParse(text, Now, TimeZoneInfo.Utc, out _));
        Assert.Throws<FormatException>(() => DateExpression.Parse(text, Now, TimeZoneInfo.Utc));
    }

    /// <summary>GNU date uses the same parser as ostree (gnulib parse_datetime): absolute forms must agree.</summary>
    [Theory]
    [InlineData("2020-09-16")]
    [InlineData("2019-01-31 23:59:59")]
    [InlineData("Sep 16 2020")]
    [InlineData("1 Mar 2021 10:15")]
    [InlineData("2020-09-16T12:00:00Z")]
    [InlineData("2020-09-16 12:00 +0530")]
    [InlineData("@0")]
    [InlineData("12/25/2019")]
    public void AbsoluteFormsAgreeWithGnuDate(string text)
    {
        if (!File.Exists("/usr/bin/date"))
            return;
        var psi = new ProcessStartInfo("/usr/bin/date") { RedirectStandardOutput = true };
        psi.ArgumentList.Add("-d");
        psi.ArgumentList.Add(text);
        psi.ArgumentList.Add("+%s");
        psi.Environment["TZ"] = "UTC";
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        Assert.Equal(long.Parse(output, System.Globalization.CultureInfo.InvariantCulture),
            DateExpression.Parse(text, Now, TimeZoneInfo.Utc).ToUnixTimeSeconds());
    }
}
