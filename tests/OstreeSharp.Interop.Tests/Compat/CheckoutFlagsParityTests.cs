using System.Diagnostics;
using OstreeSharp.Interop.Tests.Infrastructure;
using OstreeSharp.Native;
using Xunit.Abstractions;

namespace OstreeSharp.Interop.Tests.Compat;

/// <summary>
/// Issue 3, checkout completeness: <c>--skip-list</c>, <c>-M</c>, <c>--whiteouts</c> (incl. opaque) in every union
/// mode, <c>--process-passthrough-whiteouts</c>, <c>--from-file</c>/<c>--from-stdin</c>, the hardlink limit, and
/// the flag-conflict errors give the same trees (type, mode, owner, content, xattrs, link state) and the same
/// output as ostree 2022.7. Where ostree follows a symlink out of the destination, ostree-sharp deliberately does not.
/// </summary>
[Collection(CompatCollection.Name)]
public sealed class CheckoutFlagsParityTests(CompatFixture fixture, ITestOutputHelper output)
{
    private void Compare(string repo, string[] flags, string rev, Action<string>? prepare = null, string? what = null)
    {
        string theirs = fixture.NewPath("flags-ostree");
        string ours = fixture.NewPath("flags-sharp");
        prepare?.Invoke(theirs);
        prepare?.Invoke(ours);
        ProcessResult t = Tools.Theirs(["checkout", "--repo=" + repo, .. flags, rev, theirs]);
        ProcessResult o = Tools.Ours(["checkout", "--repo=" + repo, .. flags, rev, ours]);
        what ??= "checkout " + string.Join(' ', flags);
        output.WriteLine($"{what}: {t}");
        Tools.AssertSame(t, Normalize(o, ours, theirs), what);
        if (t.ExitCode != 0)
            return; // what a failed checkout leaves half-done is not specified
        Assert.Equal(Directory.Exists(theirs), Directory.Exists(ours));
        if (Directory.Exists(theirs))
            CheckoutSnapshot.AssertEqual(CheckoutSnapshot.Capture(theirs), CheckoutSnapshot.Capture(ours), what);
    }

    private static ProcessResult Normalize(ProcessResult r, string ours, string theirs) =>
        r with { Stderr = r.Stderr.Replace(ours, theirs, StringComparison.Ordinal) };

    public static TheoryData<string, string> SkipLists() => new()
    {
        { "/extras/\n", "" },
        { "/extras/owned\n/link-relative\n/extras/sticky/\n", "" },
        { "/extras\n/deep/level0/level1/\n", "" },
        { "/\n", "" },
        { "/owned\n/sticky/\n", "--subpath=/extras" },
        { "/extras/owned", "--subpath=/extras" },
        { "\n\n/extras/setuid\r\n/extras/setgid", "" },
    };

    [Theory]
    [MemberData(nameof(SkipLists))]
    public void SkipList(string list, string subpath)
    {
        if (!RealOstree.IsAvailableOrSkip(output))
            return;
        HistoryRepo h = fixture.History("ostree", "bare");
        string file = fixture.NewPath("skip");
        File.WriteAllText(file, list);
        string[] flags = subpath.Length > 0 ? ["--skip-list=" + file, subpath] : ["--skip-list=" + file];
        Compare(h.Path, flags, "main");
    }

    [Theory]
    [InlineData("bare", "-M")]
    [InlineData("bare", "-U -M")]
    [InlineData("bare-user", "-U -M")]
    [InlineData("archive", "-U --bareuseronly-dirs")]
    [InlineData("bare-user-only", "-U -M")]
    public void BareUserOnlyDirs(string mode, string flags)
    {
        if (!RealOstree.IsAvailableOrSkip(output))
            return;
        Compare(fixture.History("ostree", mode).Path, flags.Split(' '), "main");
    }

    /// <summary>Two layers: the upper one removes files, a directory, and (opaque) the lower contents of d/.</summary>
    private string WhiteoutRepo(string mode)
    {
        string root = fixture.NewPath("wh");
        string lower = Path.Combine(root, "lower"), upper = Path.Combine(root, "upper"), repo = Path.Combine(root, "repo");
        Directory.CreateDirectory(Path.Combine(lower, "d", "sub"));
        Directory.CreateDirectory(Path.Combine(lower, "keep"));
        File.WriteAllText(Path.Combine(lower, "d", "x"), "x\n");
        File.WriteAllText(Path.Combine(lower, "d", "sub", "s"), "s\n");
        File.WriteAllText(Path.Combine(lower, "f"), "f\n");
        File.WriteAllText(Path.Combine(lower, "keep", "k"), "k\n");
        File.WriteAllText(Path.Combine(lower, "keep", "gone"), "gone\n");
        Directory.CreateDirectory(Path.Combine(upper, "d"));
        Directory.CreateDirectory(Path.Combine(upper, "keep"));
        Directory.CreateDirectory(Path.Combine(upper, "e"));
        File.WriteAllText(Path.Combine(upper, "d", ".wh..wh..opq"), "");
        File.WriteAllText(Path.Combine(upper, "d", "z"), "z\n");
        File.WriteAllText(Path.Combine(upper, ".wh.f"), "");
        File.WriteAllText(Path.Combine(upper, "keep", ".wh.gone"), "");
        File.WriteAllText(Path.Combine(upper, "keep", "k"), "k2\n");
        File.WriteAllText(Path.Combine(upper, "e", ".wh.nothing"), "");
        RealOstree.RunChecked("init", "--repo=" + repo, "--mode=" + mode);
        RealOstree.RunChecked("commit", "--repo=" + repo, "-b", "lower", "--tree=dir=" + lower);
        RealOstree.RunChecked("commit", "--repo=" + repo, "-b", "upper", "--tree=dir=" + upper);
        return repo;
    }

    [Theory]
    [InlineData("bare", "")]
    [InlineData("bare", "--union")]
    [InlineData("bare", "--union-add")]
    [InlineData("bare", "--union-identical -H")]
    [InlineData("bare-user", "-U --union")]
    [InlineData("archive", "-U --union-add")]
    public void WhiteoutsOverALowerLayer(string mode, string union)
    {
        if (!RealOstree.IsAvailableOrSkip(output))
            return;
        string repo = WhiteoutRepo(mode);
        string[] user = union.Contains("-U", StringComparison.Ordinal) ? ["-U"] : [];
        string[] flags = [.. union.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--whiteouts"];
        Compare(repo, flags, "upper", union.Length == 0 ? null : dest => RealOstree.RunChecked(["checkout", "--repo=" + repo, .. user, "lower", dest]));
        Compare(repo, union.Length == 0 ? [] : flags[..^1], "upper",
            union.Length == 0 ? null : dest => RealOstree.RunChecked(["checkout", "--repo=" + repo, .. user, "lower", dest]), "without --whiteouts");
    }

    [Theory]
    [InlineData("bare", "")]
    [InlineData("bare", "-U")]
    [InlineData("archive", "-U")]
    [InlineData("bare-user", "-U")]
    public void PassthroughWhiteouts(string mode, string user)
    {
        if (!RealOstree.IsAvailableOrSkip(output))
            return;
        string root = fixture.NewPath("pwh");
        string tree = Path.Combine(root, "tree"), repo = Path.Combine(root, "repo");
        Directory.CreateDirectory(Path.Combine(tree, "d"));
        File.WriteAllText(Path.Combine(tree, "d", ".ostree-wh.foo"), "x\n");
        File.SetUnixFileMode(Path.Combine(tree, "d", ".ostree-wh.foo"), (UnixFileMode)0b111_101_101 | UnixFileMode.SetUser); // 04755
        NativeFile.Lchown(Path.Combine(tree, "d", ".ostree-wh.foo"), 1234, 5678);
        File.WriteAllText(Path.Combine(tree, ".ostree-wh.bar"), "");
        File.SetUnixFileMode(Path.Combine(tree, ".ostree-wh.bar"), (UnixFileMode)0b110_000_000);
        File.WriteAllText(Path.Combine(tree, "d", "plain"), "plain\n");
        RealOstree.RunChecked("init", "--repo=" + repo, "--mode=" + mode);
        RealOstree.RunChecked("commit", "--repo=" + repo, "-b", "main", "--tree=dir=" + tree);
        string[] u = user.Length > 0 ? [user] : [];
        Compare(repo, [.. u, "--process-passthrough-whiteouts"], "main");
        Compare(repo, u, "main", what: "without --process-passthrough-whiteouts");
    }

    public static TheoryData<string, string> ManyInputs() => new()
    {
        { "main\0/extras\0", "" },
        { "main\0/extras\0other\0/\0", "--union" },
        { "main\0extras/owned-dir\0main\0/deep/level0\0", "--union" },
        { "main\0/extras\0main\0/extras\0", "" },
        { "main\0/nope\0", "" },
        { "main\0/nope\0", "--allow-noent" },
        { "nosuch\0/\0", "" },
        { "main\0\0", "" },
        { "main\n", "" },
        { "main", "-U" },
        { "", "" },
        { "main\0/extras/owned\0", "-U" },
        { "main\0/extras/owned/x\0", "" },
    };

    [Theory]
    [MemberData(nameof(ManyInputs))]
    public void FromFile(string input, string flags)
    {
        if (!RealOstree.IsAvailableOrSkip(output))
            return;
        HistoryRepo h = fixture.History("ostree", "bare");
        string file = fixture.NewPath("many");
        File.WriteAllText(file, input);
        // The one argument is the destination; the commits come from the file.
        string theirs = fixture.NewPath("many-ostree");
        string ours = fixture.NewPath("many-sharp");
        string[] f = flags.Length > 0 ? [flags] : [];
        ProcessResult t = Tools.Theirs(["checkout", "--repo=" + h.Path, .. f, "--from-file=" + file, theirs]);
        ProcessResult o = Tools.Ours(["checkout", "--repo=" + h.Path, .. f, "--from-file=" + file, ours]);
        Tools.AssertSame(t, Normalize(o, ours, theirs), "--from-file " + input.Replace("\0", "\\0", StringComparison.Ordinal));
        if (t.ExitCode != 0)
            return;
        Assert.Equal(Directory.Exists(theirs), Directory.Exists(ours));
        if (Directory.Exists(theirs))
            CheckoutSnapshot.AssertEqual(CheckoutSnapshot.Capture(theirs), CheckoutSnapshot.Capture(ours), "--from-file");
    }

    [Fact]
    public void FromStdin()
    {
        if (!RealOstree.IsAvailableOrSkip(output))
            return;
        HistoryRepo h = fixture.History("ostree", "bare");
        string theirs = fixture.NewPath("stdin-ostree");
        string ours = fixture.NewPath("stdin-sharp");
        const string input = "main\0/extras\0other\0/\0";
        var t = RunWithStdin(RealOstree.BinaryPath, ["checkout", "--repo=" + h.Path, "--union", "--from-stdin", theirs], input);
        var o = RunWithStdin("dotnet", [CliRunner.AssemblyPath, "checkout", "--repo=" + h.Path, "--union", "--from-stdin", ours], input);
        Assert.True(t.ExitCode == 0 && o.ExitCode == 0, $"ostree: {t}\nostree-sharp: {o}");
        CheckoutSnapshot.AssertEqual(CheckoutSnapshot.Capture(theirs), CheckoutSnapshot.Capture(ours), "--from-stdin");
    }

    private static ProcessResult RunWithStdin(string file, string[] args, string stdin)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        string err = p.StandardError.ReadToEnd();
        string outp = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return new ProcessResult(p.ExitCode, System.Text.Encoding.UTF8.GetBytes(outp), err);
    }

    public static TheoryData<string> ErrorCases() => new()
    {
        "--union-identical main NEWDIR",
        "--union-identical -C main NEWDIR",
        "-H -C main NEWDIR",
        "-H -C --union-identical main NEWDIR",
        "--union --union-identical -H main NEWDIR",
        "--union-add --union-identical -H main NEWDIR",
        "--union --union-add --union-identical main NEWDIR",
        "--from-file=/nonexistent/list NEWDIR",
        "--skip-list=/nonexistent/list main NEWDIR",
        "--skip-list=/nonexistent/list nosuch NEWDIR",
    };

    [Theory]
    [MemberData(nameof(ErrorCases))]
    public void FlagErrors(string args)
    {
        if (!RealOstree.IsAvailableOrSkip(output))
            return;
        HistoryRepo h = fixture.History("ostree", "bare");
        string dest = fixture.NewPath("err");
        string[] a = ["checkout", "--repo=" + h.Path, .. args.Replace("NEWDIR", dest, StringComparison.Ordinal).Split(' ')];
        Tools.AssertSame(Tools.Theirs(a), Tools.Ours(a), args);
    }

    /// <summary>
    /// At the hardlink limit (ext4: 65000) ostree copies instead, or with <c>-H</c> fails naming the object. The
    /// object is pushed near the limit by links outside the checkout, so the test needs only a handful of files.
    /// </summary>
    [Fact]
    public void HardlinkLimitFallsBackToCopies()
    {
        if (!RealOstree.IsAvailableOrSkip(output))
            return;
        string root = fixture.NewPath("emlink");
        string tree = Path.Combine(root, "tree"), repo = Path.Combine(root, "repo"), links = Path.Combine(root, "links");
        Directory.CreateDirectory(tree);
        Directory.CreateDirectory(links);
        for (int i = 0; i < 6; i++)
            File.WriteAllText(Path.Combine(tree, "f" + i), "same content\n");
        RealOstree.RunChecked("init", "--repo=" + repo, "--mode=bare");
        RealOstree.RunChecked("commit", "--repo=" + repo, "-b", "main", "--tree=dir=" + tree);
        string obj = Directory.EnumerateFiles(Path.Combine(repo, "objects"), "*.file", SearchOption.AllDirectories).Single();
        // Leave room for exactly two more links in each of the two checkouts below.
        int made = 0;
        while (FileStatus.Lstat(obj).Nlink < 64998)
        {
            var r = NativeFile.TryHardLink(obj, Path.Combine(links, "l" + made++));
            if (r == Native.HardLinkResult.TooManyLinks)
            {
                output.WriteLine($"SKIPPED: the filesystem's hardlink limit is below 65000 ({FileStatus.Lstat(obj).Nlink})");
                return;
            }
        }
        string theirs = Path.Combine(root, "co-ostree"), ours = Path.Combine(root, "co-sharp");
        RealOstree.RunChecked("checkout", "--repo=" + repo, "main", theirs);
        // Free the two links ostree took so ostree-sharp starts from the same count.
        File.Delete(Path.Combine(links, "l0"));
        File.Delete(Path.Combine(links, "l1"));
        Assert.Equal(0, Tools.Ours("checkout", "--repo=" + repo, "main", ours).ExitCode);
        static int Linked(string dir) => Directory.GetFiles(dir).Count(f => FileStatus.Lstat(f).Nlink > 1);
        Assert.Equal(2, Linked(theirs));
        Assert.Equal(Linked(theirs), Linked(ours));
        CheckoutSnapshot.AssertEqual(CheckoutSnapshot.Capture(theirs, linkInfo: false), CheckoutSnapshot.Capture(ours, linkInfo: false), "at the link limit");

        // Now at the limit: -H fails in both, naming the object.
        ProcessResult t = Tools.Theirs("checkout", "--repo=" + repo, "-H", "main", Path.Combine(root, "h-ostree"));
        ProcessResult o = Tools.Ours("checkout", "--repo=" + repo, "-H", "main", Path.Combine(root, "h-sharp"));
        Assert.Equal(t.ExitCode, o.ExitCode);
        string rel = Path.GetRelativePath(Path.Combine(repo, "objects"), obj);
        Assert.StartsWith($"error: Hardlinking {rel} to f", t.Stderr);
        Assert.StartsWith($"error: Hardlinking {rel} to f", o.Stderr);
        Assert.EndsWith(": Too many links\n", o.Stderr);
    }

    /// <summary>
    /// A symlink already in the destination that points outside it: ostree 2022.7 follows it in union modes and
    /// writes outside; ostree-sharp replaces it (<c>--union</c>) or refuses (<c>--union-add</c>,
    /// <c>--union-identical</c>), and never touches the outside directory.
    /// </summary>
    [Theory]
    [InlineData("--union")]
    [InlineData("--union-add")]
    [InlineData("--union-identical -H")]
    [InlineData("-U --union")]
    public void SymlinkInDestinationIsNeverFollowed(string flags)
    {
        if (!RealOstree.IsAvailableOrSkip(output))
            return;
        HistoryRepo h = fixture.History("ostree", "bare");
        string outside = fixture.NewPath("outside");
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "owned"), "outside\n");
        string dest = fixture.NewPath("dest");
        Directory.CreateDirectory(dest);
        File.CreateSymbolicLink(Path.Combine(dest, "extras"), outside);
        File.CreateSymbolicLink(Path.Combine(dest, "deep"), outside);
        var before = CheckoutSnapshot.Capture(outside);
        ProcessResult o = Tools.Ours(["checkout", "--repo=" + h.Path, .. flags.Split(' '), "main", dest]);
        output.WriteLine(o.ToString());
        CheckoutSnapshot.AssertEqual(before, CheckoutSnapshot.Capture(outside), "the directory outside the destination");
        if (flags.Contains("--union ", StringComparison.Ordinal) || flags.EndsWith("--union", StringComparison.Ordinal))
        {
            Assert.Equal(0, o.ExitCode);
            Assert.True(FileStatus.Lstat(Path.Combine(dest, "extras")).IsDirectory);
            Assert.True(File.Exists(Path.Combine(dest, "extras", "owned")));
        }
        else
        {
            Assert.NotEqual(0, o.ExitCode);
            Assert.Contains("is not a directory", o.Stderr, StringComparison.Ordinal);
        }
    }
}
