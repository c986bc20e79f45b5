using OstreeSharp.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OstreeSharp.Interop.Tests.Compat;

/// <summary>
/// Area 4: histories written alternately by both tools. Every commit equals the one the real ostree alone writes,
/// <c>log</c> prints the same through both tools, and both fsck the result clean with the same output.
/// </summary>
[Collection(CompatCollection.Name)]
public sealed class MixedHistoryTests(CompatFixture fixture, ITestOutputHelper output)
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (string mode in Tools.Modes)
        {
            data.Add(mode, "ostree");
            data.Add(mode, "ostree-sharp");
        }
        return data;
    }

    private string[][] Steps() =>
    [
        ["commit", "-b", "main", "--tree=dir=" + fixture.Overlay, "-s", "one", "--timestamp=@1600000000"],
        ["commit", "-b", "main", "--tree=dir=" + fixture.Overlay, "--tree=dir=" + fixture.Source + "/extras", "-s", "two", "-m", "b", "--timestamp=@1600000001"],
        ["commit", "-b", "main", "--tree=ref=main", "--tree=dir=" + fixture.Source + "/deep", "-s", "three", "--timestamp=@1600000002", "--add-metadata-string=version=3"],
        ["commit", "-b", "main", "--tree=dir=" + fixture.Overlay, "-s", "four", "--timestamp=@1600000003", "--skip-if-unchanged"],
        ["commit", "-b", "side", "--parent=PARENT", "--tree=dir=" + fixture.Source + "/extras", "-s", "five", "--timestamp=@1600000004"],
    ];

    // `first` initialises the repository and writes the first commit; the tools then alternate.
    [Theory]
    [MemberData(nameof(Cases))]
    public void AlternatingWritersMatchOstreeAlone(string mode, string first)
    {
        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }
        string second = first == "ostree" ? "ostree-sharp" : "ostree";
        string mixed = fixture.NewPath("mixed");
        string reference = fixture.NewPath("reference");
        Tools.Checked(first, "init", "--repo=" + mixed, "--mode=" + mode);
        RealOstree.RunChecked("init", "--repo=" + reference, "--mode=" + mode);
        string[][] steps = Steps();
        for (int i = 0; i < steps.Length; i++)
        {
            string tool = i % 2 == 0 ? first : second;
            string[] Args(string repo) => [steps[i][0], "--repo=" + repo, .. steps[i][1..].Select(a => a == "--parent=PARENT"
                ? "--parent=" + RealOstree.RunChecked("rev-parse", "--repo=" + reference, "main").TrimEnd('\n')
                : a)];
            string expected = RealOstree.RunChecked(Args(reference));
            string actual = Tools.Checked(tool, Args(mixed));
            Assert.True(expected == actual, $"step {i + 1} by {tool}: ostree alone wrote {expected}, the mixed repository got {actual}");
        }
        foreach (string rev in new[] { "main", "side" })
        {
            ProcessResult log = Tools.AssertSameOutput("log", "--repo=" + mixed, rev);
            Assert.Equal(RealOstree.RunChecked("log", "--repo=" + reference, rev), log.Stdout);
            Tools.AssertSameOutput("log", "--raw", "--repo=" + mixed, rev);
        }
        ProcessResult fsck = Tools.AssertSameOutput("fsck", "--repo=" + mixed);
        Assert.Equal(0, fsck.ExitCode);
        Assert.Contains("object fsck of 5 commits completed successfully - no errors found.", fsck.Stdout, StringComparison.Ordinal);
    }
}
