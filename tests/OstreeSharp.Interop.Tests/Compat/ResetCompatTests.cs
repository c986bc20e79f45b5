using OstreeSharp.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OstreeSharp.Interop.Tests.Compat;

/// <summary><c>reset</c> parity: same output, exit code and resulting refs for moves and every error.</summary>
public sealed class ResetCompatTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDir _dir = new("reset-compat");

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("main|MAIN^")]
    [InlineData("main|main^^")]
    [InlineData("main|other")]
    [InlineData("main|OTHER")]
    [InlineData("origin:main|main")]
    [InlineData("alias|main^")]
    [InlineData("main|1111111111111111111111111111111111111111111111111111111111111111")]
    [InlineData("main|main|extra")]
    [InlineData("nonexistent|main")]
    [InlineData("main|nonexistent")]
    [InlineData("main")]
    [InlineData("")]
    [InlineData("bad..ref|main")]
    [InlineData("main^|main")]
    [InlineData("main|x^")]
    [InlineData("nope:main|main")]
    public void BehavesTheSame(string argText)
    {
        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }
        string history = MaintenanceRepos.BuildHistory(_dir, "archive", deltas: false);
        RealOstree.RunChecked("refs", "--repo=" + history, "--alias", "--create=alias", "main");
        var args = argText.Length == 0 ? [] : argText.Split('|').Select(a => a switch
        {
            "MAIN^" => MaintenanceRepos.Rev(history, "main^"),
            "OTHER" => MaintenanceRepos.Rev(history, "other")[..10],
            _ => a,
        }).ToArray();
        string theirs = MaintenanceRepos.Copy(history, _dir.Combine("theirs"));
        string ours = MaintenanceRepos.Copy(history, _dir.Combine("ours"));
        ProcessResult t = MaintenanceRepos.NormalizeTheirs(RealOstree.Run(["reset", "--repo=" + theirs, .. args]));
        ProcessResult o = MaintenanceRepos.Normalize(Tools.Ours(["reset", "--repo=" + ours, .. args]), ours, theirs);
        Tools.AssertSame(t, o, "reset " + argText);
        Assert.Equal(MaintenanceRepos.Listing(theirs), MaintenanceRepos.Listing(ours));
    }
}
