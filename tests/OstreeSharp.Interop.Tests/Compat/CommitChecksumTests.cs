using OstreeSharp.Commit;
using OstreeSharp.Interop.Tests.Infrastructure;
using OstreeSharp.Objects;
using OstreeSharp.Repository;
using Xunit.Abstractions;

namespace OstreeSharp.Interop.Tests.Compat;

/// <summary>
/// Area 1: the same input and the same flags give the same commit checksum (and the same output, step by step) with
/// the real <c>ostree commit</c> and with ostree-sharp — through the CLI and through the library.
/// </summary>
[Collection(CompatCollection.Name)]
public sealed class CommitChecksumTests(CompatFixture fixture, ITestOutputHelper output)
{
    private const string Ts = CompatFixture.Timestamp1;

    /// <summary>
    /// Scenarios: each step runs on both repositories and must print the same. REPO, SRC, OVL are substituted;
    /// <c>{rev:X}</c> becomes the checksum of X (resolved by the real ostree).
    /// </summary>
    private static readonly Dictionary<string, string[][]> Scenarios = new()
    {
        ["plain"] = [["commit", "-b", "main", "--tree=dir=SRC", "-s", "subject", "-m", "body\n\nmore body", Ts]],
        ["positional-path"] = [["commit", "-b", "main", "SRC", "-s", "subject", Ts]],
        ["timestamp-iso"] = [["commit", "-b", "main", "--tree=dir=SRC", "--timestamp=2020-01-01T00:00:00Z"]],
        ["metadata"] =
        [[
            "commit", "-b", "main", "--tree=dir=SRC", Ts,
            "--add-metadata-string=version=1.2.3", "--add-metadata-string=k=first", "--add-metadata-string=k=second",
            "--add-metadata-string=empty=", "--add-metadata-string=eq=a=b",
            "--add-metadata=u32=uint32 7", "--add-metadata=strv=['a', 'b', 'c']", "--add-metadata=flag=true",
            "--add-metadata=i=42", "--add-metadata=k=<'variant'>", "--add-metadata=by=byte 0x10",
            "--add-metadata=bytes=b'abc'", "--add-metadata=i64=int64 -5", "--add-metadata=tuple=('a', 1)",
            "--add-metadata=dict={'x': <1>, 'y': <'z'>}", "--add-metadata=maybe=just 5", "--add-metadata=none=@as []",
            "--add-metadata=dbl=3.5", "--add-metadata=u64=uint64 18446744073709551615",
        ]],
        ["detached-metadata"] =
        [
            ["commit", "-b", "main", "--tree=dir=SRC", Ts, "--add-detached-metadata-string=a=1", "--add-detached-metadata-string=a=2"],
            ["show", "--print-detached-metadata-key=a", "main"],
        ],
        ["owner"] = [["commit", "-b", "main", "--tree=dir=SRC", Ts, "--owner-uid=1234", "--owner-gid=99"]],
        ["owner-uid-only"] = [["commit", "-b", "main", "--tree=dir=SRC", Ts, "--owner-uid=0"]],
        ["canonical"] = [["commit", "-b", "main", "--tree=dir=SRC", Ts, "--canonical-permissions"]],
        ["canonical-with-owner"] =
        [
            ["commit", "-b", "main", "--tree=dir=SRC", Ts, "--canonical-permissions", "--owner-uid=5"],
            ["commit", "-b", "main", "--tree=dir=SRC", Ts, "--canonical-permissions", "--owner-gid=5"],
            ["commit", "-b", "main", "--tree=dir=SRC", Ts, "--canonical-permissions", "--owner-uid=0", "--owner-gid=0"],
        ],
        ["no-xattrs"] = [["commit", "-b", "main", "--tree=dir=SRC", Ts, "--no-xattrs"]],
        ["orphan"] =
        [
            ["commit", "--orphan", "--tree=dir=SRC", Ts],
            ["commit", "--orphan", "--tree=dir=SRC", Ts, "--bind-ref=bound"],
            ["refs"],
        ],
        ["bindings"] =
        [
            ["commit", "-b", "main", "--tree=dir=SRC", Ts, "--bind-ref=zzz", "--bind-ref=aaa", "--bind-ref=main"],
            ["commit", "-b", "main", "--tree=dir=SRC", Ts, "--no-bindings"],
            ["commit", "-b", "main", "--tree=dir=SRC", Ts, "--no-bindings", "--bind-ref=ignored"],
        ],
        ["parent"] =
        [
            ["commit", "-b", "main", "--tree=dir=SRC", Ts],
            ["commit", "-b", "child", "--parent={rev:main}", "--tree=dir=OVL", Ts],
            ["commit", "-b", "main", "--parent=none", "--tree=dir=OVL", Ts],
            ["commit", "-b", "main", "--parent=main", "--tree=dir=OVL", Ts],
            ["commit", "-b", "main", "--parent=0123", "--tree=dir=OVL", Ts],
            ["log", "child"],
        ],
        ["overlay"] =
        [
            ["commit", "-b", "main", "--tree=dir=SRC", "--tree=dir=OVL", Ts],
            ["commit", "-b", "rev", "--tree=dir=OVL", "--tree=dir=SRC", Ts],
            ["commit", "-b", "three", "--tree=dir=OVL", "--tree=dir=SRC", "--tree=dir=SRC/extras", Ts],
            ["ls", "-R", "-C", "three"],
        ],
        ["tree-ref"] =
        [
            ["commit", "-b", "base", "--tree=dir=OVL", Ts, "--owner-uid=77"],
            ["commit", "-b", "layered", "--tree=ref=base", "--tree=dir=SRC", Ts],
            ["commit", "-b", "layered2", "--tree=dir=SRC", "--tree=ref=base", Ts],
            ["commit", "-b", "copy", "--tree=ref=base", Ts],
        ],
        ["skip-if-unchanged"] =
        [
            ["commit", "-b", "main", "--tree=dir=SRC", Ts],
            ["commit", "-b", "main", "--tree=dir=SRC", "--timestamp=@1600000500", "--skip-if-unchanged"],
            ["commit", "-b", "main", "--tree=dir=SRC", "--tree=dir=OVL", "--timestamp=@1600000600", "--skip-if-unchanged"],
            ["log", "main"],
        ],
        ["collection-id"] =
        [
            ["commit", "-b", "main", "--tree=dir=SRC", Ts],
            ["commit", "--orphan", "--tree=dir=SRC", Ts],
            ["commit", "-b", "main", "--tree=dir=SRC", Ts, "--no-bindings"],
            ["commit", "-b", "main", "--tree=dir=SRC", Ts, "--bind-ref=extra"],
            ["show", "--raw", "main"],
        ],
    };

    /// <summary>Scenarios whose result depends on how the repository stores files run in every mode; the others
    /// (metadata, bindings, parents) in one archive and one bare mode, to keep the suite fast.</summary>
    private static readonly HashSet<string> ModeDependent = ["plain", "owner", "canonical", "canonical-with-owner", "no-xattrs", "overlay", "tree-ref"];

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (string scenario in Scenarios.Keys)
        {
            foreach (string mode in ModeDependent.Contains(scenario) ? Tools.Modes : ["archive", "bare"])
            {
                data.Add(scenario, mode);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void CliCommitMatchesOstree(string scenario, string mode)
    {
        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }
        string theirs = fixture.NewPath("theirs");
        string ours = fixture.NewPath("ours");
        string[] init = scenario == "collection-id" ? ["--collection-id=org.example.Compat"] : [];
        Tools.AssertSame(Tools.Theirs(["init", "--repo=" + theirs, "--mode=" + mode, .. init]),
            Tools.Ours(["init", "--repo=" + ours, "--mode=" + mode, .. init]), "init");
        Assert.Equal(File.ReadAllText(Path.Combine(theirs, "config")), File.ReadAllText(Path.Combine(ours, "config")));

        foreach (string[] step in Scenarios[scenario])
        {
            string[] Expand(string repo) =>
            [
                step[0], "--repo=" + repo,
                .. step[1..].Select(a => ExpandRev(theirs, a.Replace("SRC", fixture.Source, StringComparison.Ordinal)
                    .Replace("OVL", fixture.Overlay, StringComparison.Ordinal))),
            ];
            string[] theirArgs = Expand(theirs);
            ProcessResult t = Tools.Theirs(theirArgs);
            ProcessResult o = Tools.Ours(Expand(ours));
            output.WriteLine($"$ ostree {string.Join(' ', theirArgs)}\n{t}");
            Tools.AssertSame(t, o, $"{scenario}/{mode}: {string.Join(' ', step)}");
        }
        Assert.Equal(Tools.SortedLines(Tools.Checked("ostree", "refs", "--repo=" + theirs)),
            Tools.SortedLines(Tools.Checked("ostree-sharp", "refs", "--repo=" + ours)));
        // Whatever we wrote, the real ostree considers sound.
        Assert.Equal(0, Tools.Theirs("fsck", "--repo=" + ours).ExitCode);
    }

    private static string ExpandRev(string repo, string arg)
    {
        int i = arg.IndexOf("{rev:", StringComparison.Ordinal);
        if (i < 0)
        {
            return arg;
        }
        int end = arg.IndexOf('}', i);
        string rev = arg[(i + 5)..end];
        return arg[..i] + RealOstree.RunChecked("rev-parse", "--repo=" + repo, rev).TrimEnd('\n') + arg[(end + 1)..];
    }

    /// <summary>The library (no CLI) produces the commits of the history repository built by the real ostree.</summary>
    [Theory]
    [MemberData(nameof(ModeData))]
    public void LibraryCommitMatchesOstree(string mode)
    {
        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }
        HistoryRepo expected = fixture.History("ostree", mode);
        using OstreeRepo repo = OstreeRepo.Create(fixture.NewPath("lib"), ModeOf(mode));

        Checksum first;
        using (RepoTransaction tx = repo.BeginTransaction())
        {
            var root = new MutableTree();
            CommitWriter.ImportDirectory(tx, root, fixture.Source);
            var metadata = new MetadataDictionary();
            metadata.SetString("version", "1.0");
            first = CommitWriter.WriteCommit(tx, root, new CommitOptions
            {
                Subject = "first",
                Body = "body line1\nline2",
                Timestamp = DateTimeOffset.FromUnixTimeSeconds(1600000000),
                Metadata = metadata,
                RefBindings = ["main"],
            });
            tx.SetRef(null, "main", first);
            tx.Commit();
        }
        Assert.Equal(expected.MainParent, first.ToString());

        Checksum second;
        using (RepoTransaction tx = repo.BeginTransaction())
        {
            var root = new MutableTree();
            CommitWriter.ImportDirectory(tx, root, fixture.Source);
            CommitWriter.ImportDirectory(tx, root, fixture.Overlay);
            second = CommitWriter.WriteCommit(tx, root, new CommitOptions
            {
                Subject = "second",
                Timestamp = DateTimeOffset.FromUnixTimeSeconds(1600000100),
                Parent = first,
                RefBindings = ["main"],
            });
            tx.SetRef(null, "main", second);
            tx.Commit();
        }
        Assert.Equal(expected.Main, second.ToString());

        Checksum other;
        using (RepoTransaction tx = repo.BeginTransaction())
        {
            var root = new MutableTree();
            CommitWriter.ImportDirectory(tx, root, fixture.Overlay, new CommitModifier { OwnerUid = 1000, OwnerGid = 1000, SkipXattrs = true });
            other = CommitWriter.WriteCommit(tx, root, new CommitOptions
            {
                Timestamp = DateTimeOffset.FromUnixTimeSeconds(1600000200),
                RefBindings = ["other"],
            });
            tx.Commit();
        }
        Assert.Equal(expected.Other, other.ToString());
        Assert.Equal(0, Tools.Theirs("fsck", "--repo=" + repo.Path).ExitCode);
    }

    public static TheoryData<string> ModeData() => new(Tools.Modes);

    internal static RepoMode ModeOf(string mode) => mode switch
    {
        "archive" => RepoMode.Archive,
        "bare" => RepoMode.Bare,
        "bare-user" => RepoMode.BareUser,
        "bare-user-only" => RepoMode.BareUserOnly,
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };
}
