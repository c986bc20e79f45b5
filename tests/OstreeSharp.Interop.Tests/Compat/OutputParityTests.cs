using OstreeSharp.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OstreeSharp.Interop.Tests.Compat;

/// <summary>
/// Areas 2 and 3 (reading): on repositories written by either tool, the real ostree and ostree-sharp print the
/// same bytes for ls, refs, rev-parse, show, log, cat and fsck; and both writers produced the same commits.
/// </summary>
[Collection(CompatCollection.Name)]
public sealed class OutputParityTests(CompatFixture fixture, ITestOutputHelper output)
{
    /// <summary>Read-only commands; MAIN/MAIN10 are the main commit's checksum / its 10-character prefix,
    /// DIRTREE/DIRMETA the root objects of main.</summary>
    private static readonly string[][] Commands =
    [
        ["ls", "-R", "-X", "-C", "main"],
        ["ls", "-R", "main^"],
        ["ls", "-X", "-C", "main", "/extras", "/extras/owned-link", "/large.bin"],
        ["ls", "-d", "-C", "main", "extras", "/link-dangling"],
        ["ls", "-R", "--nul-filenames-only", "main"],
        ["ls", "-R", "-X", "other"],
        ["rev-parse", "main", "main^", "other", "origin:main", "MAIN10"],
        ["show", "main"],
        ["show", "main^"],
        ["show", "MAIN10"],
        ["show", "--raw", "main"],
        ["show", "--raw", "other"],
        ["show", "DIRTREE"],
        ["show", "--raw", "DIRTREE"],
        ["show", "--raw", "DIRMETA"],
        ["show", "--print-metadata-key=version", "main^"],
        ["show", "--print-metadata-key=ostree.ref-binding", "main"],
        ["show", "--print-detached-metadata-key=det", "other"],
        ["log", "main"],
        ["log", "--raw", "main"],
        ["log", "origin:main"],
        ["log", "other"],
        ["cat", "main", "/large.bin"],
        ["cat", "main", "/extras/owned", "/extras/ünïcødé 文件.txt", "/link-relative", "/deep/level0/level1/level2/bottom.txt"],
        ["cat", "main^", "/extras/owned-link"],
        ["fsck"],
        ["fsck", "-q"],
    ];

    public static TheoryData<string, string, int> Cases()
    {
        var data = new TheoryData<string, string, int>();
        foreach (string writer in new[] { "ostree", "ostree-sharp" })
        {
            foreach (string mode in Tools.Modes)
            {
                for (int i = 0; i < Commands.Length; i++)
                {
                    data.Add(writer, mode, i);
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void OutputIsIdentical(string writer, string mode, int command)
    {
        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }
        HistoryRepo h = fixture.History(writer, mode);
        string[] root = RealOstree.RunChecked("ls", "--repo=" + h.Path, "-d", "-C", "main", "/").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string[] args =
        [
            Commands[command][0], "--repo=" + h.Path,
            .. Commands[command][1..].Select(a => a switch
            {
                "MAIN10" => h.Main[..10],
                "DIRTREE" => root[4],
                "DIRMETA" => root[5],
                _ => a,
            }),
        ];
        ProcessResult theirs = Tools.Theirs(args);
        Assert.True(theirs.ExitCode == 0, $"ostree {string.Join(' ', args)}: {theirs}");
        Tools.AssertSame(theirs, Tools.Ours(args), string.Join(' ', args));
    }

    [Theory]
    [MemberData(nameof(ModeData))]
    public void BothWritersProduceTheSameRepository(string mode)
    {
        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }
        HistoryRepo theirs = fixture.History("ostree", mode);
        HistoryRepo ours = fixture.History("ostree-sharp", mode);
        Assert.Equal((theirs.Main, theirs.MainParent, theirs.Other), (ours.Main, ours.MainParent, ours.Other));
        Assert.Equal(File.ReadAllText(Path.Combine(theirs.Path, "config")), File.ReadAllText(Path.Combine(ours.Path, "config")));
        // refs: ostree's order is unspecified (hash table), so compare as sets; both tools must agree on both repos.
        foreach (HistoryRepo h in new[] { theirs, ours })
        {
            foreach (string[] extra in new[] { Array.Empty<string>(), ["--list"], ["origin"] })
            {
                string[] args = ["refs", "--repo=" + h.Path, .. extra];
                Assert.Equal(Tools.SortedLines(Tools.Checked("ostree", args)), Tools.SortedLines(Tools.Checked("ostree-sharp", args)));
            }
        }
        // Same object set, byte for byte (metadata objects; content objects in archive mode too).
        string[] Objects(string repo) => [.. Directory.EnumerateFiles(Path.Combine(repo, "objects"), "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(repo, f)).Order(StringComparer.Ordinal)];
        string[] objects = Objects(theirs.Path);
        Assert.Equal(objects, Objects(ours.Path));
        // Metadata objects must be byte-identical; content objects are named by their checksum (and verified by fsck),
        // while .filez bytes depend on the deflate implementation.
        foreach (string rel in objects.Where(o => !o.EndsWith(".file", StringComparison.Ordinal) && !o.EndsWith(".filez", StringComparison.Ordinal)))
        {
            Assert.True(File.ReadAllBytes(Path.Combine(theirs.Path, rel)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(ours.Path, rel))),
                $"{rel} differs between the repositories");
        }
    }

    public static TheoryData<string> ModeData() => new(Tools.Modes);
}
