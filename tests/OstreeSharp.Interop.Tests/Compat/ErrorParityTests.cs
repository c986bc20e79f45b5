using OstreeSharp.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OstreeSharp.Interop.Tests.Compat;

/// <summary>Area 6: common failures give the same exit code, stdout and stderr as the real ostree.</summary>
[Collection(CompatCollection.Name)]
public sealed class ErrorParityTests(CompatFixture fixture, ITestOutputHelper output)
{
    /// <summary>REPO = a history repository, EMPTYDIR = an existing directory that is not a repository,
    /// NEWDIR = a path that does not exist yet, EXISTING = a directory holding a checkout of main.</summary>
    private static readonly string[][] Cases =
    [
        ["refs", "--repo=/nonexistent/repo"],
        ["log", "--repo=/nonexistent/repo", "main"],
        ["fsck", "--repo=/nonexistent/repo"],
        ["checkout", "--repo=/nonexistent/repo", "main", "NEWDIR"],
        ["refs", "--repo=EMPTYDIR"],
        ["rev-parse", "--repo=EMPTYDIR", "main"],
        ["rev-parse", "--repo=REPO", "nosuch"],
        ["rev-parse", "--repo=REPO", "a b"],
        ["rev-parse", "--repo=REPO", "main^^"],
        ["rev-parse", "--repo=REPO", "nosuchremote:main"],
        ["rev-parse", "--repo=REPO", "ffff"],
        ["log", "--repo=REPO", "nosuch"],
        ["show", "--repo=REPO", "nosuch"],
        ["show", "--repo=REPO", "--print-metadata-key=nokey", "main"],
        ["ls", "--repo=REPO", "nosuch"],
        ["ls", "--repo=REPO", "main", "/nope"],
        ["ls", "--repo=REPO", "main", "/extras", "/nope/deeper"],
        ["ls", "--repo=REPO", "main", "extras/nope/deeper"],
        ["ls", "--repo=REPO", "main", "/extras/owned/x"],
        ["cat", "--repo=REPO", "main", "/extras/nope/deeper"],
        ["cat", "--repo=REPO", "main", "/extras/owned/x"],
        ["cat", "--repo=REPO", "main", "/extras/owned-link/x"],
        ["cat", "--repo=REPO", "main", "/nope"],
        ["cat", "--repo=REPO", "main", "/extras"],
        ["cat", "--repo=REPO", "nosuch", "/x"],
        ["checkout", "--repo=REPO", "nosuch", "NEWDIR"],
        ["checkout", "--repo=REPO", "main", "EXISTING"],
        ["checkout", "--repo=REPO", "-U", "main", "EXISTING"],
        ["checkout", "--repo=REPO", "--subpath=/nope", "main", "NEWDIR"],
        ["checkout", "--repo=REPO", "--subpath=/nope", "--allow-noent", "main", "NEWDIR"],
        ["checkout", "--repo=REPO", "--subpath=/extras/nope/x", "main", "NEWDIR"],
        ["checkout", "--repo=REPO", "--subpath=/extras/owned/x", "--allow-noent", "main", "NEWDIR"],
        ["checkout", "--repo=REPO", "--union", "--union-add", "main", "NEWDIR"],
        ["commit", "--repo=REPO", "-b", "main", "--tree=dir=/nonexistent/dir"],
        ["commit", "--repo=REPO", "--tree=dir=/tmp"],
        ["commit", "--repo=REPO", "-b", "bad ref", "--tree=dir=/tmp"],
        ["refs", "--repo=REPO", "--create=main", "other"],
    ];

    public static TheoryData<int> CaseData() => new(Enumerable.Range(0, Cases.Length));

    [Theory]
    [MemberData(nameof(CaseData))]
    public void FailureMatchesOstree(int index)
    {
        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }
        HistoryRepo h = fixture.History("ostree", "bare-user");
        string empty = fixture.NewPath("not-a-repo");
        Directory.CreateDirectory(empty);
        string existing = fixture.NewPath("existing");
        RealOstree.RunChecked("checkout", "--repo=" + h.Path, "-U", "main", existing);
        string newTheirs = fixture.NewPath("new");
        string newOurs = fixture.NewPath("new");
        string[] Expand(string newDir) => [.. Cases[index].Select(a => a
            .Replace("REPO", h.Path, StringComparison.Ordinal)
            .Replace("EMPTYDIR", empty, StringComparison.Ordinal)
            .Replace("NEWDIR", newDir, StringComparison.Ordinal)
            .Replace("EXISTING", existing, StringComparison.Ordinal))];
        ProcessResult theirs = Tools.Theirs(Expand(newTheirs));
        ProcessResult ours = Tools.Ours(Expand(newOurs));
        output.WriteLine($"$ ostree {string.Join(' ', Cases[index])}\n{theirs}");
        // Paths of the destinations differ by design; normalise them before comparing.
        Tools.AssertSame(theirs, ours with { Stderr = ours.Stderr.Replace(newOurs, newTheirs, StringComparison.Ordinal) }, string.Join(' ', Cases[index]));
        Assert.Equal(Directory.Exists(newTheirs), Directory.Exists(newOurs));
    }
}
