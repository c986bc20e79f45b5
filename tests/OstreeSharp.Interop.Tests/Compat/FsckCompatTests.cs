using OstreeSharp.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OstreeSharp.Interop.Tests.Compat;

/// <summary>
/// Area 5: fsck prints the same (non-TTY) on clean repositories (empty, one commit, several, a partial commit) and
/// fails the same way on corrupt or missing objects: same exit code, and both name the object. Wording differences
/// are written to the test output.
/// </summary>
[Collection(CompatCollection.Name)]
public sealed class FsckCompatTests(CompatFixture fixture, ITestOutputHelper output)
{
    public static TheoryData<string> ModeData() => new(Tools.Modes);

    private string NewRepo(string mode, int commits)
    {
        string repo = fixture.NewPath("fsck-" + mode);
        RealOstree.RunChecked("init", "--repo=" + repo, "--mode=" + mode);
        for (int i = 0; i < commits; i++)
        {
            RealOstree.RunChecked("commit", "--repo=" + repo, "-b", "main", "--tree=dir=" + fixture.Overlay,
                i % 2 == 1 ? "--tree=dir=" + fixture.Source + "/extras" : "--no-xattrs", "--timestamp=@" + (1600000000 + i));
        }
        return repo;
    }

    [Theory]
    [MemberData(nameof(ModeData))]
    public void CleanRepositoriesPrintTheSame(string mode)
    {
        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }
        foreach (int commits in new[] { 0, 1, 3 })
        {
            string repo = NewRepo(mode, commits);
            foreach (string[] extra in new[] { Array.Empty<string>(), ["-q"], ["-a"] })
            {
                ProcessResult r = Tools.AssertSameOutput(["fsck", "--repo=" + repo, .. extra]);
                Assert.Equal(0, r.ExitCode);
            }
        }
    }

    [Theory]
    [MemberData(nameof(ModeData))]
    public void PartialCommitMarkerPrintsTheSame(string mode)
    {
        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }
        string repo = NewRepo(mode, 3);
        string main = RealOstree.RunChecked("rev-parse", "--repo=" + repo, "main").TrimEnd('\n');
        File.WriteAllBytes(Path.Combine(repo, "state", main + ".commitpartial"), []);
        ProcessResult r = Tools.AssertSameOutput("fsck", "--repo=" + repo);
        Assert.Equal(0, r.ExitCode);
        Tools.AssertSameOutput("fsck", "-q", "--repo=" + repo);
    }

    public static TheoryData<string, string> CorruptionCases()
    {
        var data = new TheoryData<string, string>();
        foreach (string mode in Tools.Modes)
        {
            foreach (string kind in new[] { "content", "dirtree", "dirmeta", "missing-dirtree", "missing-content", "commit" })
            {
                data.Add(mode, kind);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(CorruptionCases))]
    public void CorruptionIsReportedTheSameWay(string mode, string kind)
    {
        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }
        string repo = NewRepo(mode, 2);
        string[] root = RealOstree.RunChecked("ls", "--repo=" + repo, "-d", "-C", "main", "/").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string file = RealOstree.RunChecked("ls", "--repo=" + repo, "-R", "-C", "main").Split('\n')
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .First(f => f.Length >= 6 && f[0].StartsWith('-') && f[3] != "0")[4];
        string main = RealOstree.RunChecked("rev-parse", "--repo=" + repo, "main").TrimEnd('\n');
        string fileExt = mode == "archive" ? "filez" : "file";
        (string checksum, string ext) = kind switch
        {
            "content" or "missing-content" => (file, fileExt),
            "dirtree" or "missing-dirtree" => (root[4], "dirtree"),
            "dirmeta" => (root[5], "dirmeta"),
            _ => (main, "commit"),
        };
        string path = Path.Combine(repo, "objects", checksum[..2], checksum[2..] + "." + ext);
        if (kind.StartsWith("missing", StringComparison.Ordinal))
        {
            File.Delete(path);
        }
        else
        {
            // Same length, different bytes: a checksum mismatch (or, for .filez, a bad header).
            byte[] bytes = File.ReadAllBytes(path);
            File.Delete(path); // bare objects may be hardlinked or read-only
            for (int i = 0; i < Math.Min(bytes.Length, 8); i++)
            {
                bytes[^(i + 1)] ^= 0x5a;
            }
            File.WriteAllBytes(path, bytes);
        }

        foreach (string[] extra in new[] { Array.Empty<string>(), ["-a"] })
        {
            // fsck may repair state (it marks commits with missing objects partial): each tool gets its own copy.
            string theirRepo = Copy(repo);
            string ourRepo = Copy(repo);
            ProcessResult theirs = Tools.Theirs(["fsck", "--repo=" + theirRepo, .. extra]);
            ProcessResult ours = Tools.Ours(["fsck", "--repo=" + ourRepo, .. extra]);
            ours = ours with { Stderr = ours.Stderr.Replace(ourRepo, theirRepo, StringComparison.Ordinal) };
            output.WriteLine($"$ fsck {string.Join(' ', extra)} ({mode}, {kind} {checksum}.{ext})\n--- ostree:\n{theirs}\n--- ostree-sharp:\n{ours}");
            Assert.Equal(1, theirs.ExitCode);
            Assert.Equal(theirs.ExitCode, ours.ExitCode);
            Assert.Contains(checksum, theirs.Stderr, StringComparison.Ordinal);
            Assert.Contains(checksum, ours.Stderr, StringComparison.Ordinal);
            if (theirs.Stderr != ours.Stderr || theirs.Stdout != ours.Stdout)
            {
                output.WriteLine("DIFFERENCE: the wording or progress lines differ (see above).");
            }
            // Whatever fsck left behind (partial markers), the two copies agree on it.
            Assert.Equal(StateFiles(theirRepo), StateFiles(ourRepo));
            if (kind == "missing-content")
            {
                // One missing object: ostree's report is deterministic, and so is the next run on the marked repository.
                Tools.AssertSame(theirs, ours, "fsck with a missing content object");
                ProcessResult again = Tools.Ours(["fsck", "--repo=" + ourRepo, .. extra]);
                Tools.AssertSame(Tools.Theirs(["fsck", "--repo=" + theirRepo, .. extra]), again with { Stderr = again.Stderr.Replace(ourRepo, theirRepo, StringComparison.Ordinal) },
                    "fsck after a missing object was marked");
            }
        }
    }

    private string Copy(string repo)
    {
        string copy = fixture.NewPath("fsck-copy");
        ProcessResult r = ProcessRunner.Run("cp", ["-a", repo, copy]);
        Assert.True(r.ExitCode == 0, r.ToString());
        return copy;
    }

    private static string[] StateFiles(string repo) =>
        [.. Directory.EnumerateFiles(Path.Combine(repo, "state")).Select(f => Path.GetFileName(f) + "=" + File.ReadAllText(f)).Order(StringComparer.Ordinal)];
}
