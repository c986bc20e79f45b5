using OstreeSharp.Interop.Tests.Compat;
using OstreeSharp.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OstreeSharp.Interop.Tests.Deltas;

/// <summary><c>ostree-sharp static-delta …</c> prints what <c>ostree static-delta …</c> prints.</summary>
[Collection(DeltaCollection.Name)]
public sealed class StaticDeltaCliTests(DeltaFixture fixture, ITestOutputHelper output)
{
    /// <summary>A repository holding both commits plus deltas made by the real ostree (scratch, from→to, inline, big-endian, with a fallback).</summary>
    private string RepoWithDeltas()
    {
        string repo = fixture.NewRepo("archive");
        RealOstree.RunChecked("pull-local", "--repo=" + repo, fixture.Source, "v1", "v2");
        RealOstree.RunChecked("static-delta", "generate", "--repo=" + repo, "--empty", "--to=v1", "--min-fallback-size=1");
        RealOstree.RunChecked("static-delta", "generate", "--repo=" + repo, "--from=v1", "--to=v2");
        RealOstree.RunChecked("static-delta", "generate", "--repo=" + repo, "--empty", "--to=v2", "--inline", "--set-endianness=B");
        return repo;
    }

    /// <summary>
    /// Compares <c>show</c>. ostree 2022.7 fails on inline deltas after the first PartMeta line (it looks for a part
    /// file that inline deltas do not have); ostree-sharp reads the inline part and goes on, so for those only the
    /// common prefix is compared.
    /// </summary>
    private static void AssertSameShow(string repo, string name)
    {
        var theirs = RealOstree.Run("static-delta", "show", "--repo=" + repo, name);
        var ours = CliRunner.Run("static-delta", "show", "--repo=" + repo, name);
        Assert.True(ours.ExitCode == 0, ours.ToString());
        if (theirs.ExitCode != 0 && theirs.Stderr.Contains("): No such file or directory", StringComparison.Ordinal))
        {
            Assert.StartsWith(theirs.Stdout, ours.Stdout, StringComparison.Ordinal);
            Assert.Contains("PartPayload0: ", ours.Stdout, StringComparison.Ordinal);
            return;
        }
        Tools.AssertSame(theirs, ours, "show " + name);
    }

    private static string Normalize(string text) =>
        text.Replace("ostree-sharp", "ostree", StringComparison.Ordinal).Replace(RealOstree.BinaryPath, "ostree", StringComparison.Ordinal);

    [Fact]
    public void ListShowAndIndexesMatch()
    {
        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }
        string repo = RepoWithDeltas();
        var list = Tools.AssertSameOutput("static-delta", "list", "--repo=" + repo);
        var names = list.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, names.Length);
        foreach (string name in names)
        {
            AssertSameShow(repo, name);
        }
        Tools.AssertSameOutput("static-delta", "indexes", "--repo=" + repo);

        // Our reindex writes the same index files as ostree's.
        RealOstree.RunChecked("static-delta", "reindex", "--repo=" + repo);
        var theirs = Directory.GetFiles(Path.Combine(repo, "delta-indexes"), "*.index", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        var theirBytes = theirs.Select(File.ReadAllBytes).ToArray();
        Tools.AssertSameOutput("static-delta", "indexes", "--repo=" + repo);
        Directory.Delete(Path.Combine(repo, "delta-indexes"), recursive: true);
        var ours = CliRunner.Run("static-delta", "reindex", "--repo=" + repo);
        Assert.True(ours.ExitCode == 0, ours.ToString());
        var ourFiles = Directory.GetFiles(Path.Combine(repo, "delta-indexes"), "*.index", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(theirs, ourFiles);
        for (int i = 0; i < theirs.Length; i++)
        {
            Assert.Equal(theirBytes[i], File.ReadAllBytes(ourFiles[i]));
        }
    }

    [Fact]
    public void EmptyRepositoryListsTheSame()
    {
        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }
        string repo = fixture.NewRepo("archive");
        Tools.AssertSameOutput("static-delta", "list", "--repo=" + repo);
        Tools.AssertSameOutput("static-delta", "indexes", "--repo=" + repo);
    }

    [Fact]
    public void ErrorsMatch()
    {
        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }
        string repo = RepoWithDeltas();
        string zero = new('0', 64);
        string[][] cases =
        [
            ["static-delta", "show", "--repo=" + repo],
            ["static-delta", "show", "--repo=" + repo, "main"],
            ["static-delta", "show", "--repo=" + repo, zero],
            ["static-delta", "delete", "--repo=" + repo],
            ["static-delta", "delete", "--repo=" + repo, zero],
            ["static-delta", "apply-offline", "--repo=" + repo],
            ["static-delta", "verify", "--repo=" + repo],
            ["static-delta", "generate", "--repo=" + repo],
            ["static-delta", "generate", "--repo=" + repo, "--empty", "--from=v1", "--to=v2"],
            ["static-delta", "generate", "--repo=" + repo, "--from=nosuch", "--to=v2"],
            ["static-delta", "generate", "--repo=" + repo, "--to=v1"],
            ["static-delta", "generate", "--repo=" + repo, "--empty", "--to=v2", "--set-endianness=x"],
            ["static-delta", "generate", "--repo=" + repo, "--from=v1", "--to=v2", "-n"],
        ];
        foreach (var args in cases)
        {
            Tools.AssertSameOutput(args);
        }
    }

    [Fact]
    public void HelpMatches()
    {
        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }
        foreach (string[] args in new[] { new[] { "static-delta", "--help" }, ["static-delta"], ["static-delta", "nosuch"] })
        {
            var theirs = RealOstree.Run(args);
            var ours = CliRunner.Run(args);
            Assert.Equal(theirs.ExitCode, ours.ExitCode);
            Assert.Equal(Normalize(theirs.Stdout), Normalize(ours.Stdout));
            Assert.Equal(Normalize(theirs.Stderr), Normalize(ours.Stderr));
        }
        foreach (string sub in new[] { "list", "show", "delete", "generate", "apply-offline", "verify", "indexes", "reindex" })
        {
            var theirs = RealOstree.Run("static-delta", sub, "--help");
            var ours = CliRunner.Run("static-delta", sub, "--help");
            Assert.Equal(0, ours.ExitCode);
            Assert.Equal(Normalize(theirs.Stdout), Normalize(WithoutExtensions(ours.Stdout)));
        }
    }

    /// <summary>Drops the help lines of documented ostree-sharp-only options (marked "(ostree-sharp extension)").</summary>
    private static string WithoutExtensions(string help) =>
        string.Join('\n', help.Split('\n').Where(l => !l.Contains("(ostree-sharp extension)", StringComparison.Ordinal)));

    [Fact]
    public void CliGenerateThenRealApplyAndCliApplyOfRealDeltas()
    {
        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }
        // ours generates (inline: ostree 2022.7 cannot read uncompressed part files over 16 KiB), ostree applies.
        string repo = fixture.NewRepo("archive");
        RealOstree.RunChecked("pull-local", "--repo=" + repo, fixture.Source, "v1", "v2");
        var gen = CliRunner.Run("static-delta", "generate", "--repo=" + repo, "--inline", "--from=v1", "--to=v2");
        Assert.True(gen.ExitCode == 0, gen.ToString());
        Assert.Equal($"Generating static delta:\n  From: {fixture.V1}\n  To:   {fixture.V2}\n", gen.Stdout);
        Assert.Contains("modified: ", gen.Stderr, StringComparison.Ordinal);
        var genScratch = CliRunner.Run("static-delta", "generate", "--repo=" + repo, "--inline", "--empty", "--to=v1");
        Assert.True(genScratch.ExitCode == 0, genScratch.ToString());
        Tools.AssertSameOutput("static-delta", "list", "--repo=" + repo);
        foreach (string name in RealOstree.RunChecked("static-delta", "list", "--repo=" + repo).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            AssertSameShow(repo, name);
        }
        string target = fixture.NewRepo("bare-user");
        string scratchDir = Path.Combine(repo, "deltas", fixture.V1Name[..2], fixture.V1Name[2..]);
        RealOstree.RunChecked("static-delta", "apply-offline", "--repo=" + target, scratchDir);
        string fromToDir = Directory.GetDirectories(Path.Combine(repo, "deltas"), "*-*", SearchOption.AllDirectories).Single();
        RealOstree.RunChecked("static-delta", "apply-offline", "--repo=" + target, fromToDir);
        Assert.Equal(0, RealOstree.Run("fsck", "--repo=" + target).ExitCode);

        // ostree generates, ours applies through the CLI.
        string theirs = fixture.NewRepo("archive");
        RealOstree.RunChecked("pull-local", "--repo=" + theirs, fixture.Source, "v1", "v2");
        RealOstree.RunChecked("static-delta", "generate", "--repo=" + theirs, "--empty", "--to=v1", "--min-fallback-size=0");
        RealOstree.RunChecked("static-delta", "generate", "--repo=" + theirs, "--from=v1", "--to=v2");
        string target2 = fixture.NewRepo("bare-user");
        foreach (string dir in new[] { Path.Combine(theirs, "deltas", fixture.V1Name[..2], fixture.V1Name[2..]), Directory.GetDirectories(Path.Combine(theirs, "deltas"), "*-*", SearchOption.AllDirectories).Single() })
        {
            var apply = CliRunner.Run("static-delta", "apply-offline", "--repo=" + target2, dir);
            Assert.True(apply.ExitCode == 0, apply.ToString());
        }
        var fsck = RealOstree.Run("fsck", "--repo=" + target2);
        Assert.True(fsck.ExitCode == 0, fsck.ToString());

        // Fallbacks: both refuse the same way.
        string fb = fixture.NewRepo("archive");
        RealOstree.RunChecked("pull-local", "--repo=" + fb, fixture.Source, "v1");
        RealOstree.RunChecked("static-delta", "generate", "--repo=" + fb, "--empty", "--to=v1", "--min-fallback-size=1");
        string fbDir = Path.Combine(fb, "deltas", fixture.V1Name[..2], fixture.V1Name[2..]);
        Tools.AssertSameOutput("static-delta", "apply-offline", "--repo=" + fixture.NewRepo("bare-user"), fbDir);
    }
}
