using System.Formats.Tar;
using System.Text;
using OstreeSharp.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OstreeSharp.Interop.Tests.Compat;

/// <summary>
/// <c>commit --tree=tar=</c> and the commit options completed in session 2, and <c>export</c>: the same input and the
/// same flags give the same output (checksum or error) from the real ostree 2022.7 and from ostree-sharp.
/// </summary>
[Collection(CompatCollection.Name)]
public sealed class CommitTarCompatTests(CompatFixture fixture, ITestOutputHelper output)
{
    private const string Ts = CompatFixture.Timestamp1;
    private static readonly Lock Gate = new();
    private static string? _inputs;

    /// <summary>REPO, SRC, OVL and IN/ (the extra inputs directory) are substituted.</summary>
    private static readonly Dictionary<string, string[][]> Scenarios = new()
    {
        ["tar"] = [["commit", "-b", "main", "--tree=tar=IN/src.tar", Ts], ["ls", "-R", "-X", "main"]],
        ["tar-compressed"] =
        [
            ["commit", "-b", "gz", "--tree=tar=IN/src.tar.gz", Ts],
            ["commit", "-b", "xz", "--tree=tar=IN/src.tar.xz", Ts],
            ["commit", "-b", "bz2", "--tree=tar=IN/src.tar.bz2", Ts],
            ["commit", "-b", "zst", "--tree=tar=IN/src.tar.zst", Ts],
            ["commit", "-b", "zst19", "--tree=tar=IN/src.tar.19.zst", Ts],
            ["commit", "-b", "named-wrong", "--tree=tar=IN/gzip-named.tar", Ts],
        ],
        ["tar-layers"] =
        [
            ["commit", "-b", "a", "--tree=dir=SRC", "--tree=tar=IN/ovl.tar", Ts],
            ["commit", "-b", "b", "--tree=tar=IN/src.tar", "--tree=dir=OVL", Ts],
            // "c" is hex: with these inputs it prefixes commit a's checksum, which both tools take as the parent.
            ["commit", "-b", "c", "--tree=dir=OVL", "--tree=tar=IN/noroot.tar", Ts],
            ["commit", "-b", "d", "--tree=dir=SRC", "--tree=tar=IN/hardlink-lower.tar", Ts],
        ],
        ["tar-modifiers"] =
        [
            ["commit", "-b", "m", "--tree=tar=IN/src.tar", Ts, "--owner-uid=7", "--owner-gid=8"],
            ["commit", "-b", "m", "--tree=tar=IN/src.tar", Ts, "--canonical-permissions"],
            ["commit", "-b", "m", "--tree=tar=IN/src.tar", Ts, "--no-xattrs"],
            ["commit", "-b", "m", "--tree=tar=IN/src.tar", Ts, "--mode-ro-executables"],
            ["commit", "-b", "m", "--tree=tar=IN/crafted.tar", Ts],
            ["commit", "-b", "m", "--tree=tar=IN/crafted.tar", Ts, "--canonical-permissions"],
        ],
        ["tar-parents-and-filter"] =
        [
            ["commit", "-b", "p", "--tree=tar=IN/noroot.tar", Ts],
            ["commit", "-b", "p", "--tree=tar=IN/noparents.tar", Ts],
            ["commit", "-b", "p", "--tree=tar=IN/noparents.tar", Ts, "--tar-autocreate-parents"],
            ["commit", "-b", "p", "--tree=tar=IN/noparents.tar", Ts, "--tar-autocreate-parents", "--owner-uid=5"],
            ["commit", "-b", "p", "--tree=tar=IN/src.tar", Ts, "--tar-pathname-filter=^extras,moved"],
            ["commit", "-b", "p", "--tree=tar=IN/crafted.tar", Ts, "--tar-pathname-filter=^(d)/t,sys/\\1\\0", "--tar-autocreate-parents"],
            ["commit", "-b", "p", "--tree=tar=IN/crafted.tar", Ts, "--tar-pathname-filter=target$,renamed"],
            ["commit", "-b", "p", "--tree=tar=IN/src.tar", Ts, "--tar-pathname-filter=nocomma"],
            ["log", "p"],
        ],
        ["tar-autocreate-filter"] =
        [
            ["commit", "-b", "f", "--tree=tar=IN/parents.tar", Ts, "--tar-autocreate-parents"],
            ["commit", "-b", "f", "--tree=tar=IN/parents.tar", Ts, "--tar-autocreate-parents", "--tar-pathname-filter=^usr,sys"],
            ["commit", "-b", "f", "--tree=tar=IN/parents.tar", Ts, "--tar-autocreate-parents", "--tar-pathname-filter=lib$,LIB"],
            ["commit", "-b", "f", "--tree=tar=IN/parents.tar", Ts, "--tar-autocreate-parents", "--tar-pathname-filter=lib/$,LIB/"],
            ["commit", "-b", "f", "--tree=tar=IN/parents2.tar", Ts, "--tar-autocreate-parents"],
            ["ls", "-R", "-X", "f"],
        ],
        ["tar-autocreate-root"] =
        [
            // An explicit ./ entry is overwritten by the metadata of parents created after it, and overwrites theirs
            // when it comes later (until the next entry that creates parents).
            ["commit", "-b", "q", "--tree=tar=IN/root-first.tar", Ts, "--tar-autocreate-parents"],
            ["ls", "-R", "-X", "q"],
            ["commit", "-b", "q", "--tree=tar=IN/root-last.tar", Ts, "--tar-autocreate-parents"],
            ["ls", "-R", "-X", "q"],
            ["commit", "-b", "q", "--tree=dir=OVL", "--tree=tar=IN/root-last.tar", Ts, "--tar-autocreate-parents"],
        ],
        ["tar-errors"] =
        [
            ["commit", "-b", "e", "--tree=tar=IN/missing.tar", Ts],
            ["commit", "-b", "e", "--tree=tar=IN/hl-missing.tar", Ts],
            ["commit", "-b", "e", "--tree=tar=IN/hl-dir.tar", Ts],
            ["commit", "-b", "e", "--tree=tar=IN/fifo.tar", Ts],
            ["commit", "-b", "e", "--tree=tar=IN/dotdot.tar", Ts],
            ["commit", "-b", "e", "--tree=tar=IN/file-over-dir.tar", Ts],
            ["commit", "-b", "e", "--tree=tar=IN/empty.tar", Ts],
            ["refs"],
        ],
        ["statoverride-skiplist"] =
        [
            ["commit", "-b", "s", "--tree=dir=SRC", Ts, "--statoverride=IN/statoverride"],
            ["commit", "-b", "s", "--tree=tar=IN/src.tar", Ts, "--statoverride=IN/statoverride"],
            ["commit", "-b", "s", "--tree=dir=SRC", Ts, "--statoverride=IN/statoverride-unmatched"],
            ["commit", "-b", "s", "--tree=dir=SRC", Ts, "--statoverride=IN/statoverride-malformed"],
            ["commit", "-b", "s", "--tree=dir=SRC", Ts, "--skip-list=IN/skiplist"],
            ["commit", "-b", "s", "--tree=dir=SRC", Ts, "--skip-list=IN/skiplist-matched"],
            ["commit", "-b", "s", "--tree=tar=IN/src.tar", Ts, "--skip-list=IN/skiplist-file"],
            ["commit", "-b", "s", "--tree=dir=SRC", Ts, "--mode-ro-executables"],
            // Each skip-list and statoverride path applies once: to the first entry with that path, in the first layer.
            ["commit", "-b", "s", "--tree=dir=SRC", "--tree=dir=SRC", Ts, "--statoverride=IN/statoverride"],
            ["commit", "-b", "s", "--tree=dir=SRC", "--tree=dir=SRC", Ts, "--skip-list=IN/skiplist-matched"],
            ["commit", "-b", "s", "--tree=dir=OVL", "--tree=dir=SRC", "--tree=dir=SRC", Ts, "--skip-list=IN/skiplist-file", "--owner-uid=3"],
            ["commit", "-b", "s", "--tree=tar=IN/crafted.tar", Ts, "--skip-list=IN/skiplist-dup"],
            ["commit", "-b", "s", "--tree=tar=IN/crafted.tar", Ts, "--statoverride=IN/statoverride-dup"],
            // "+MODE" never reaches a directory ("=MODE" does, in every layer).
            ["commit", "-b", "s", "--tree=dir=SRC", Ts, "--statoverride=IN/statoverride-add-dir"],
            ["commit", "-b", "s", "--tree=dir=SRC", "--tree=ref=s", Ts, "--statoverride=IN/statoverride"],
            ["log", "s"],
        ],
        ["bootable"] =
        [
            ["commit", "-b", "k", "--tree=dir=IN/boot", Ts, "--bootable"],
            ["commit", "-b", "k", "--tree=dir=SRC", Ts, "--bootable"],
            ["commit", "-b", "k", "--tree=dir=IN/boot", "--tree=dir=IN/boot2", Ts, "--bootable"],
            ["show", "--raw", "k"],
        ],
        ["generate-sizes"] =
        [
            ["commit", "-b", "z", "--tree=dir=IN/small", Ts, "--generate-sizes"],
            ["commit", "-b", "z", "--tree=tar=IN/crafted.tar", Ts, "--generate-sizes"],
            ["show", "--raw", "z"],
            // Only what the last layer wrote (the replaced "dup" too) and the final tree's dirtrees are listed.
            ["commit", "-b", "z", "--tree=dir=IN/small", "--tree=tar=IN/crafted.tar", Ts, "--generate-sizes"],
            ["commit", "-b", "z", "--tree=tar=IN/crafted.tar", "--tree=dir=IN/small", Ts, "--generate-sizes"],
            ["commit", "-b", "z", "--tree=dir=SRC", "--tree=tar=IN/hardlink-lower.tar", Ts, "--generate-sizes"],
            ["commit", "-b", "z", "--tree=dir=IN/small", "--tree=tar=IN/parents.tar", Ts, "--generate-sizes", "--tar-autocreate-parents"],
            ["commit", "-b", "z", "--tree=dir=OVL", "--tree=ref=z", Ts, "--generate-sizes"],
            ["commit", "-b", "z", "--tree=ref=z", "--tree=dir=IN/small", Ts, "--generate-sizes"],
            ["show", "--raw", "z"],
        ],
        ["ref-modifiers"] =
        [
            // ostree applies the commit modifier to a --tree=ref= layer too (with paths inside the commit); without
            // one the ref's tree is reused as it is.
            ["commit", "-b", "r", "--tree=tar=IN/crafted.tar", Ts],
            ["commit", "-b", "s0", "--tree=dir=SRC", Ts],
            ["commit", "-b", "o", "--tree=ref=r", Ts, "--table-output"],
            ["commit", "-b", "o", "--tree=ref=r", Ts, "--owner-uid=5"],
            ["commit", "-b", "o", "--tree=ref=r", Ts, "--owner-gid=6", "--table-output"],
            ["commit", "-b", "o", "--tree=ref=r", Ts, "--no-xattrs"],
            ["commit", "-b", "o", "--tree=ref=r", Ts, "--mode-ro-executables"],
            ["commit", "-b", "o", "--tree=ref=r", Ts, "--canonical-permissions"],
            ["ls", "-R", "-X", "o"],
            ["commit", "-b", "o", "--tree=ref=s0", Ts, "--statoverride=IN/statoverride"],
            ["commit", "-b", "o", "--tree=ref=s0", Ts, "--statoverride=IN/statoverride-unmatched"],
            ["commit", "-b", "o", "--tree=ref=s0", Ts, "--skip-list=IN/skiplist-matched"],
            ["commit", "-b", "o", "--tree=ref=s0", Ts, "--skip-list=IN/skiplist-file"],
            ["commit", "-b", "o", "--tree=ref=s0", Ts, "--skip-list=IN/skiplist"],
            ["commit", "-b", "o", "--tree=dir=OVL", "--tree=ref=r", Ts, "--owner-uid=5", "--table-output"],
            ["commit", "-b", "o", "--tree=ref=r", "--tree=dir=OVL", Ts, "--no-xattrs", "--skip-list=IN/skiplist-file"],
            ["commit", "-b", "o", "--tree=ref=s0", "--tree=ref=r", Ts, "--owner-gid=3", "--mode-ro-executables"],
            ["commit", "-b", "o", "--tree=ref=r", "--tree=ref=r", Ts, "--table-output"],
            ["commit", "-b", "o", "--tree=ref=s0", "--tree=ref=o", Ts, "--table-output"],
            ["ls", "-R", "-X", "o"],
            ["log", "o"],
        ],
        ["ref-modifiers-sizes"] =
        [
            ["commit", "-b", "z", "--tree=dir=IN/small", Ts],
            ["commit", "-b", "z", "--tree=ref=z", Ts, "--generate-sizes", "--owner-uid=5"],
            ["commit", "-b", "z", "--tree=dir=IN/small", "--tree=ref=z", Ts, "--generate-sizes", "--no-xattrs", "--skip-list=IN/skiplist-small"],
            ["show", "--raw", "z"],
        ],
        ["tar-filter-regex-errors"] =
        [
            // GRegex (PCRE) wording and character offsets; every pattern here is refused by both engines.
            .. new[]
            {
                "[", "[a", "ü[", "(", "((a)", "ü(", "𝄞(", ")", "ab)", "a)b)", "(a))", "*a", "+", "?", "a|*", "{4}", "a|{2}",
                "a**", "a+{2}", "a{2}*", "a{3}{4}", "\\", "\\c", "\\q", "\\o", "\\9", "\\8", "(?<n>a)\\k<m>",
                "(?<n>a)\\k'm'", "\\k", "\\k<", "(?<a-b>x)", "a(?", "(?i", "(?z)", "(?<n", "(?'n", "(?<1a>x)", "(?<>a)",
                "[z-a]", "[a-\\d]", "\\p", "\\p{", "\\P{L", "\\p{Foo}", "[\\p{Foo}]", "(?#abc",
            }.Select(p => new[] { "commit", "-b", "e", "--tree=tar=IN/src.tar", Ts, "--tar-pathname-filter=" + p + ",x" }),
            ["refs"],
        ],
        ["timestamps"] =
        [
            ["commit", "-b", "t", "--tree=dir=OVL", "--timestamp=2020-01-01"],
            ["commit", "-b", "t", "--tree=dir=OVL", "--timestamp=2020-01-01 12:34:56"],
            ["commit", "-b", "t", "--tree=dir=OVL", "--timestamp=2020-01-01T12:34:56+02:00"],
            ["commit", "-b", "t", "--tree=dir=OVL", "--timestamp=2020-01-01 00:00:00 UTC"],
            ["commit", "-b", "t", "--tree=dir=OVL", "--timestamp=2020-06-30T23:59:59.75Z"],
            ["commit", "-b", "t", "--tree=dir=OVL", "--timestamp=@0"],
            ["commit", "-b", "t", "--tree=dir=OVL", "--timestamp=@-5"],
            ["commit", "-b", "t", "--tree=dir=OVL", "--timestamp= @100"],
            ["commit", "-b", "t", "--tree=dir=OVL", "--timestamp=1600000000"],
            ["commit", "-b", "t", "--tree=dir=OVL", "--timestamp=2020-13-01"],
            ["rev-parse", "t"],
        ],
    };

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (string scenario in Scenarios.Keys)
        {
            string[] modes = scenario switch
            {
                "generate-sizes" => ["archive", "bare"],
                "tar" or "tar-modifiers" => Tools.Modes,
                "ref-modifiers" => ["archive", "bare-user"],
                _ => ["archive"],
            };
            foreach (string mode in modes)
            {
                data.Add(scenario, mode);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void CliMatchesOstree(string scenario, string mode)
    {
        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }
        string inputs = Inputs(fixture);
        string theirs = fixture.NewPath("theirs");
        string ours = fixture.NewPath("ours");
        Tools.AssertSame(Tools.Theirs("init", "--repo=" + theirs, "--mode=" + mode), Tools.Ours("init", "--repo=" + ours, "--mode=" + mode), "init");
        foreach (string[] step in Scenarios[scenario])
        {
            string[] Expand(string repo) =>
            [
                step[0], "--repo=" + repo,
                .. step[1..].Select(a => a.Replace("IN/", inputs + "/", StringComparison.Ordinal)
                    .Replace("SRC", fixture.Source, StringComparison.Ordinal).Replace("OVL", fixture.Overlay, StringComparison.Ordinal)),
            ];
            ProcessResult t = Tools.Theirs(Expand(theirs));
            ProcessResult o = Tools.Ours(Expand(ours));
            output.WriteLine($"$ ostree {string.Join(' ', Expand(theirs))}\n{t}");
            Assert.True(t.ExitCode == o.ExitCode && t.Stderr == o.Stderr && t.Stdout == o.Stdout,
                $"{scenario}/{mode}: {string.Join(' ', step)}\n--- ostree:\n{t}\n--- ostree-sharp:\n{o}");
        }
        // ostree's own fsck rejects some of what ostree writes (a bare repository cannot keep an archive's unsorted or
        // empty-valued xattrs): what matters is that it judges both repositories alike.
        Assert.Equal(Tools.Theirs("fsck", "--repo=" + theirs).ExitCode, Tools.Theirs("fsck", "--repo=" + ours).ExitCode);
    }

    /// <summary>
    /// ostree resolves <c>-b BRANCH</c> like a rev to find the parent: a hex branch name that prefixes a commit's
    /// checksum makes that commit the parent (even for a new branch), an ambiguous prefix is an error, and
    /// <c>refs/remotes/BRANCH</c> is the parent when there is no local branch.
    /// </summary>
    [Fact]
    public void BranchParentIsResolvedLikeARev()
    {
        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }
        string theirs = fixture.NewPath("theirs"), ours = fixture.NewPath("ours");
        Tools.Checked("ostree", "init", "--repo=" + theirs, "--mode=archive");
        Tools.Checked("ostree", "init", "--repo=" + ours, "--mode=archive");
        void Same(params string[] args) =>
            Tools.AssertSame(Tools.Theirs(["commit", "--repo=" + theirs, .. args]), Tools.Ours(["commit", "--repo=" + ours, .. args]), string.Join(' ', args));
        // 17 orphan commits: at least two share a first hex digit.
        var commits = new List<string>();
        for (int i = 1; i <= 17; i++)
        {
            string[] args = ["--orphan", "--tree=dir=" + fixture.Overlay, $"--timestamp=@{i}"];
            commits.Add(Tools.Checked("ostree", ["commit", "--repo=" + theirs, .. args]).TrimEnd('\n'));
            Assert.Equal(commits[^1], Tools.Checked("ostree-sharp", ["commit", "--repo=" + ours, .. args]).TrimEnd('\n'));
        }
        string ambiguous = commits.GroupBy(c => c[0]).First(g => g.Count() > 1).Key.ToString();
        Same("-b", ambiguous, "--tree=dir=" + fixture.Overlay, Ts);
        string unique = commits[0][..6];
        Same("-b", unique, "--tree=dir=" + fixture.Overlay, Ts);
        string child = File.ReadAllText(Path.Combine(theirs, "refs", "heads", unique)).TrimEnd('\n');
        Assert.Equal(commits[0], Tools.Checked("ostree", "rev-parse", "--repo=" + theirs, child + "^").TrimEnd('\n'));
        foreach (string repo in new[] { theirs, ours })
        {
            Tools.Checked("ostree", "refs", "--repo=" + repo, "--create=origin:x", commits[1]);
        }
        Same("-b", "origin/x", "--tree=dir=" + fixture.Overlay, Ts);
        Same("-b", "origin/x", "--tree=dir=" + fixture.Overlay, "--timestamp=@1600000001");
        Assert.Equal(commits[1], Tools.Checked("ostree", "rev-parse", "--repo=" + ours, "origin/x^^").TrimEnd('\n'));
    }

    [Fact]
    public void TarFromStandardInput()
    {
        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }
        string inputs = Inputs(fixture);
        string theirs = fixture.NewPath("theirs"), ours = fixture.NewPath("ours");
        Tools.Checked("ostree", "init", "--repo=" + theirs, "--mode=archive");
        Tools.Checked("ostree", "init", "--repo=" + ours, "--mode=archive");
        string expected = Shell($"ostree commit --repo={theirs} -b s --tree=tar=- {Ts} < {inputs}/src.tar.xz");
        string actual = Shell($"dotnet {CliRunner.AssemblyPath} commit --repo={ours} -b s --tree=tar=- {Ts} < {inputs}/src.tar.xz");
        Assert.Equal(expected, actual);
        Assert.Equal(64, expected.TrimEnd().Length);
    }

    [Theory]
    [InlineData("bare")]
    [InlineData("bare-user")]
    public void LinkCheckoutSpeedupMatchesOstree(string mode)
    {
        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }
        string repo = fixture.NewPath("speedup");
        Tools.Checked("ostree", "init", "--repo=" + repo, "--mode=" + mode);
        Tools.Checked("ostree", "commit", "--repo=" + repo, "-b", "m", "--tree=dir=" + fixture.Source, Ts, "--owner-uid=5");
        string co = fixture.NewPath("co");
        Tools.Checked("ostree", mode == "bare" ? ["checkout", "--repo=" + repo, "m", co] : ["checkout", "--repo=" + repo, "-U", "m", co]);
        foreach (string[] extra in new[] { Array.Empty<string>(), ["--owner-uid=7"], ["--mode-ro-executables"], ["-I"] })
        {
            string[] args = ["commit", "--repo=" + repo, "--orphan", "--tree=dir=" + co, Ts, "--link-checkout-speedup", .. extra];
            Tools.AssertSame(Tools.Theirs(args), Tools.Ours(args), string.Join(' ', args));
        }
    }

    [Fact]
    public void ConsumeDeletesTheSourceLikeOstree()
    {
        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }
        string repo = fixture.NewPath("consume");
        Tools.Checked("ostree", "init", "--repo=" + repo, "--mode=archive");
        string a = fixture.NewPath("copy-a"), b = fixture.NewPath("copy-b");
        Shell($"cp -a {fixture.Overlay} {a} && cp -a {fixture.Overlay} {b}");
        string theirs = Tools.Checked("ostree", "commit", "--repo=" + repo, "--orphan", "--tree=dir=" + a, Ts, "--consume");
        string ours = Tools.Checked("ostree-sharp", "commit", "--repo=" + repo, "--orphan", "--tree=dir=" + b, Ts, "--consume");
        Assert.Equal(theirs, ours);
        Assert.False(Directory.Exists(a));
        Assert.False(Directory.Exists(b));
    }

    [Theory]
    [InlineData("archive")]
    [InlineData("bare")]
    public void ExportListsLikeOstreeAndRoundTrips(string mode)
    {
        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }
        HistoryRepo h = fixture.History("ostree", mode);
        string dir = fixture.NewPath("export");
        Directory.CreateDirectory(dir);
        foreach (string[] extra in new[] { Array.Empty<string>(), ["--prefix=pre/"], ["--prefix=x"], ["--subpath=/extras"], ["--subpath=extras", "--prefix=/p/"], ["--no-xattrs"] })
        {
            string t = Path.Combine(dir, "theirs.tar"), o = Path.Combine(dir, "ours.tar");
            Tools.Checked("ostree", ["export", "--repo=" + h.Path, "main", "-o", t, .. extra]);
            Tools.Checked("ostree-sharp", ["export", "--repo=" + h.Path, "main", "--output=" + o, .. extra]);
            // ostree 2022.7 drops xattrs (GNU format); ours keeps them: the listing differs only by tar's '*' marker.
            string Listing(string tar) => Shell($"tar --xattrs -tvf {tar} | sed 's/^\\(..........\\)\\*/\\1 /'");
            Assert.Equal(Listing(t), Listing(o));
        }
        // Round trip: export, then commit the tar with either tool: the root tree of main comes back.
        string ourTar = Path.Combine(dir, "rt.tar");
        Tools.Checked("ostree-sharp", "export", "--repo=" + h.Path, "main", "--output=" + ourTar);
        string reference = Tools.Checked("ostree", "ls", "--repo=" + h.Path, "-R", "-X", "-C", "main");
        foreach (string tool in new[] { "ostree", "ostree-sharp" })
        {
            string c = Tools.Checked(tool, "commit", "--repo=" + h.Path, "--orphan", "--tree=tar=" + ourTar, Ts).TrimEnd('\n');
            Assert.Equal(reference, Tools.Checked("ostree", "ls", "--repo=" + h.Path, "-R", "-X", "-C", c));
        }
        Tools.AssertSameOutput("export", "--repo=" + h.Path, "main", "--subpath=/nope", "-o", Path.Combine(dir, "x.tar"));
        Tools.AssertSameOutput("export", "--repo=" + h.Path, "nosuchref", "-o", Path.Combine(dir, "x.tar"));
    }

    private static string Shell(string command)
    {
        ProcessResult r = ProcessRunner.Run("/bin/sh", ["-c", command]);
        Assert.True(r.ExitCode == 0, $"{command}: {r}");
        return r.Stdout;
    }

    /// <summary>Builds the archives, statoverride files and trees the scenarios use (once per test run).</summary>
    private static string Inputs(CompatFixture fixture)
    {
        lock (Gate)
        {
            if (_inputs is not null)
            {
                return _inputs;
            }
            string dir = fixture.NewPath("tar-inputs");
            Directory.CreateDirectory(dir);
            string P(string name) => Path.Combine(dir, name);
            Shell($"tar --xattrs --xattrs-include='*' -C {fixture.Source} -cf {P("src.tar")} .");
            Shell($"tar --xattrs --xattrs-include='*' -C {fixture.Overlay} -cf {P("ovl.tar")} .");
            Shell($"gzip -c {P("src.tar")} > {P("src.tar.gz")} && xz -c {P("src.tar")} > {P("src.tar.xz")} && bzip2 -c {P("src.tar")} > {P("src.tar.bz2")}");
            Shell($"cp {P("src.tar.gz")} {P("gzip-named.tar")}");
            // ostree 2022.7 (libarchive) reads zstd tars; the second is piped (no content size), -19, multithreaded.
            Shell($"zstd -q -c {P("src.tar")} > {P("src.tar.zst")}");
            Shell($"cat {P("src.tar")} | zstd -q -19 -B65536 -T2 -c > {P("src.tar.19.zst")}");
            Shell($"cd {fixture.Overlay} && find . -mindepth 1 -print0 | sort -z | tar --no-recursion --null -T - -cf {P("noroot.tar")}");
            Shell($"cd {fixture.Source} && find . -type f -print0 | sort -z | head -z -n 20 | tar --null -T - -cf {P("noparents.tar")}");
            Write(P("crafted.tar"), TarEntryFormat.Pax,
                Dir("./", 0x1C0),
                Link("early-link", System.Formats.Tar.TarEntryType.HardLink, "d/target"),
                Dir("d/", 0x1FF, 12, 34, ("user.zz", "1"), ("user.aa", "2")),
                Entry("d/target", "target", 0x9ED, 1000, 1000, ("user.b", "x"), ("user.a", "y"), ("user.empty", "")),
                Entry("d/same", "target", 0x9ED, 1000, 1000),
                Link("sym", System.Formats.Tar.TarEntryType.SymbolicLink, "d/target"),
                Entry("dup", "one"), Entry("dup", "two", 0x180),
                Entry("ünï", "u"));
            Write(P("root-first.tar"), TarEntryFormat.Pax,
                Dir("./", 0x1C0, 3, 4, ("user.r", "1")), Entry("a/b/f", "f", 0x1A4, 9, 10), Entry("top", "t", 0x1A4, 5, 6));
            Write(P("root-last.tar"), TarEntryFormat.Pax,
                Entry("a/b/f", "f", 0x1A4, 9, 10), Dir("./", 0x1C0, 3, 4, ("user.r", "1")), Entry("a/g", "g", 0x1A4, 5, 6),
                Entry("a/b/c/h", "h", 0x1A4, 7, 8));
            Write(P("hardlink-lower.tar"), TarEntryFormat.Pax, Dir("./", 0x1ED), Link("h", System.Formats.Tar.TarEntryType.HardLink, "extras/owned"));
            Write(P("hl-missing.tar"), TarEntryFormat.Pax, Dir("./", 0x1ED), Link("h", System.Formats.Tar.TarEntryType.HardLink, "nothere"));
            Write(P("hl-dir.tar"), TarEntryFormat.Pax, Dir("./", 0x1ED), Dir("d/", 0x1ED), Link("h", System.Formats.Tar.TarEntryType.HardLink, "d"));
            Write(P("fifo.tar"), TarEntryFormat.Pax, Dir("./", 0x1ED), Link("p", System.Formats.Tar.TarEntryType.Fifo, ""));
            Write(P("dotdot.tar"), TarEntryFormat.Pax, Dir("./", 0x1ED), Entry("../evil", "x"));
            Write(P("file-over-dir.tar"), TarEntryFormat.Pax, Dir("./", 0x1ED), Dir("a/", 0x1ED), Entry("a", "x"));
            Write(P("parents.tar"), TarEntryFormat.Pax,
                Dir("usr/", 0x1E8, 3, 4), Dir("usr/lib/", 0x1C0, 3, 4), Entry("usr/lib/a", "x", 0x1A4, 1, 2), Entry("etc/x/y", "y", 0x1A4, 1, 2));
            Write(P("parents2.tar"), TarEntryFormat.Pax, Entry("a/b/c", "c", 0x1A4, 7, 8), Dir("q/r/", 0x1E8, 5, 6, ("user.k", "v")));
            System.IO.File.WriteAllBytes(P("empty.tar"), []);
            System.IO.File.WriteAllText(P("statoverride"), "+2048 /extras/owned\n=384 /extras/setuid\n=448 /extras\n=0x1ed /\n");
            System.IO.File.WriteAllText(P("statoverride-unmatched"), "+2048 /extras/owned\n+1 /nonexistent\n+1 /also-not\n");
            System.IO.File.WriteAllText(P("statoverride-malformed"), "+2048\n");
            System.IO.File.WriteAllText(P("skiplist"), "/extras\n/nonexistent\n");
            System.IO.File.WriteAllText(P("skiplist-file"), "/extras/owned\n");
            System.IO.File.WriteAllText(P("skiplist-matched"), "/extras\n");
            System.IO.File.WriteAllText(P("skiplist-small"), "/sub/b\n");
            System.IO.File.WriteAllText(P("skiplist-dup"), "/dup\n");
            System.IO.File.WriteAllText(P("statoverride-dup"), "=448 /dup\n+2048 /d/target\n");
            System.IO.File.WriteAllText(P("statoverride-add-dir"), "+2048 /extras\n1024 /\n");
            Directory.CreateDirectory(P("boot/usr/lib/modules/5.10.0-test"));
            System.IO.File.WriteAllText(P("boot/usr/lib/modules/5.10.0-test/vmlinuz"), "kernel");
            Directory.CreateDirectory(P("boot2/usr/lib/modules/6.1.0"));
            System.IO.File.WriteAllText(P("boot2/usr/lib/modules/6.1.0/vmlinuz"), "kernel 2");
            Directory.CreateDirectory(P("small/sub"));
            System.IO.File.WriteAllText(P("small/a"), "small file\n");
            System.IO.File.WriteAllText(P("small/sub/b"), new string('b', 3000));
            System.IO.File.CreateSymbolicLink(P("small/link"), "sub/b");
            _inputs = dir;
            return dir;
        }
    }

    private sealed record Spec(string Name, System.Formats.Tar.TarEntryType Type, int Mode, int Uid, int Gid, string Data, string Link, (string, string)[] Xattrs);

    private static Spec Dir(string name, int mode, int uid = 0, int gid = 0, params (string, string)[] xattrs) =>
        new(name, System.Formats.Tar.TarEntryType.Directory, mode, uid, gid, "", "", xattrs);

    private static Spec Entry(string name, string data, int mode = 0x1A4, int uid = 0, int gid = 0, params (string, string)[] xattrs) =>
        new(name, System.Formats.Tar.TarEntryType.RegularFile, mode, uid, gid, data, "", xattrs);

    private static Spec Link(string name, System.Formats.Tar.TarEntryType type, string link) =>
        new(name, type, 0x1A4, 0, 0, "", link, []);

    private static void Write(string path, TarEntryFormat format, params Spec[] specs)
    {
        using var fs = System.IO.File.Create(path);
        using var w = new TarWriter(fs, format);
        foreach (var s in specs)
        {
            var e = new PaxTarEntry(s.Type, s.Name, s.Xattrs.Select(x => new KeyValuePair<string, string>("SCHILY.xattr." + x.Item1, x.Item2)))
            {
                Mode = (UnixFileMode)s.Mode, Uid = s.Uid, Gid = s.Gid, ModificationTime = DateTimeOffset.FromUnixTimeSeconds(1600000000),
            };
            if (s.Link.Length > 0)
                e.LinkName = s.Link;
            if (s.Type == System.Formats.Tar.TarEntryType.RegularFile)
                e.DataStream = new MemoryStream(Encoding.UTF8.GetBytes(s.Data));
            w.WriteEntry(e);
        }
    }
}
