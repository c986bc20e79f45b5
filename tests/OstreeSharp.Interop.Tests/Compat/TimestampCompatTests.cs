using System.Globalization;
using OstreeSharp.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OstreeSharp.Interop.Tests.Compat;

/// <summary>
/// <c>commit --timestamp=X</c> with the real ostree and with ostree-sharp (as a process, so both see the same
/// <c>TZ</c>): absolute forms give the same commit checksum, forms relative to now give timestamps a few seconds
/// apart at most, and rejected forms fail with the same message and exit code.
/// </summary>
public sealed class TimestampCompatTests(ITestOutputHelper output)
{
    public static readonly string[] Absolute =
    [
        "@1700000000", "@-5", "@1.5", "2024-01-02", "20240102", "24-01-02", "2024-01-02T03:04:05", "2024-01-02 03:04:05",
        "2024-01-02T03:04:05Z", "2024-01-02T03:04:05+05:30", "2024-01-02T03:04:05+0530", "2024-01-02 03:04:05 UTC",
        "2024-01-02 03:04:05 GMT", "2024-01-02T03:04:05.75Z", "2024-01-02T03:04:05,5", "2024-01-02 03:04:05 EST",
        "01/02/2024", "2 Jan 2024", "Jan 2 2024 03:04", "JAN 2 2024", "january 2, 2024", "2-jan-2024",
        "Tue, 02 Jan 2024 03:04:05 +0000", "2024-01-02 3pm", "2024-01-02 12:30 a.m.", "2024-01-02 0304",
        "2024-01-02 +1 day", "2024-01-31 +1 month", "2024-01-02 12:00 +180 days", "2024-01-02 1 year 2 months ago",
        "2024-07-01 12:00", "2024-11-03 01:30", "thu 2024-01-04",
    ];

    public static readonly string[] Relative =
    [
        "now", "today", "yesterday", "tomorrow", "", "1 day ago", "+3 hours", "-2 weeks", "last monday", "next year",
        "2 days ago 12:00", "tuesday", "3pm", "1 hour ago UTC", "200 days ago",
    ];

    public static readonly string[] Rejected =
    [
        "garbage", "12345", "2024-13-01", "2024-02-30", "2024-01-02 24:00", "noon", "Jan 2024", "3 hours ago ago",
        "2024-01-02 03:04 +25",
    ];

    public static TheoryData<string> Zones() => new() { "UTC", "America/New_York" };

    [Theory]
    [MemberData(nameof(Zones))]
    public void AbsoluteFormsGiveTheSameChecksum(string zone)
    {
        if (!RealOstree.IsAvailableOrSkip(output))
            return;
        using var env = new Env(zone);
        foreach (string form in Absolute)
        {
            var (theirs, ours) = env.Commit(form);
            output.WriteLine($"[{form}] {theirs.Stdout.Trim()}");
            Assert.True(theirs.ExitCode == 0, $"ostree rejects '{form}': {theirs}");
            Tools.AssertSame(theirs, ours, $"--timestamp='{form}' TZ={zone}");
        }
    }

    [Theory]
    [MemberData(nameof(Zones))]
    public void RelativeFormsGiveCloseTimestamps(string zone)
    {
        if (!RealOstree.IsAvailableOrSkip(output))
            return;
        using var env = new Env(zone);
        foreach (string form in Relative)
        {
            var (theirs, ours) = env.Commit(form);
            Assert.True(theirs.ExitCode == 0 && ours.ExitCode == 0, $"'{form}': ostree {theirs}, ostree-sharp {ours}");
            long a = env.TimestampOf(env.Theirs, theirs.Stdout.Trim());
            long b = env.TimestampOf(env.Ours, ours.Stdout.Trim());
            output.WriteLine($"[{form}] ostree {a}, ostree-sharp {b}");
            Assert.True(Math.Abs(a - b) <= 5, $"'{form}' TZ={zone}: ostree {a}, ostree-sharp {b}");
        }
    }

    [Fact]
    public void RejectedFormsFailTheSameWay()
    {
        if (!RealOstree.IsAvailableOrSkip(output))
            return;
        using var env = new Env("UTC");
        foreach (string form in Rejected)
        {
            var (theirs, ours) = env.Commit(form);
            Assert.NotEqual(0, theirs.ExitCode);
            Tools.AssertSame(theirs, ours, $"--timestamp='{form}'");
        }
    }

    private sealed class Env : IDisposable
    {
        private readonly TempDir _dir = new("timestamp");
        private readonly string _tree;
        private readonly Dictionary<string, string> _environment;

        public Env(string zone)
        {
            _environment = new Dictionary<string, string> { ["TZ"] = zone };
            _tree = _dir.Combine("tree");
            Directory.CreateDirectory(_tree);
            File.WriteAllText(Path.Combine(_tree, "file"), "content");
            Theirs = _dir.Combine("theirs");
            Ours = _dir.Combine("ours");
            RealOstree.RunChecked("init", "--repo=" + Theirs, "--mode=archive");
            RealOstree.RunChecked("init", "--repo=" + Ours, "--mode=archive");
        }

        public string Theirs { get; }

        public string Ours { get; }

        public (ProcessResult Theirs, ProcessResult Ours) Commit(string timestamp)
        {
            string[] args = ["commit", "--orphan", "--tree=dir=" + _tree, "-s", "subject", "--timestamp=" + timestamp];
            var theirs = ProcessRunner.Run(RealOstree.BinaryPath, ["--repo=" + Theirs, .. args], environment: _environment);
            var ours = ProcessRunner.Run("dotnet", [CliRunner.AssemblyPath, "--repo=" + Ours, .. args], environment: _environment);
            return (theirs, ours);
        }

        /// <summary>The commit's seconds since the epoch, read by the real ostree.</summary>
        public long TimestampOf(string repo, string checksum)
        {
            string show = RealOstree.RunChecked("show", "--repo=" + repo, checksum);
            string line = show.Split('\n').First(l => l.StartsWith("Date:", StringComparison.Ordinal));
            return DateTimeOffset.ParseExact(line["Date:".Length..].Trim(), "yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture).ToUnixTimeSeconds();
        }

        public void Dispose() => _dir.Dispose();
    }
}
