using OstreeSharp.Interop.Tests.Infrastructure;
using OstreeSharp.Native;

namespace OstreeSharp.Interop.Tests.Compat;

/// <summary>Shared by every test in <see cref="CompatCollection"/>: the input trees and one history repository per (writer, mode).</summary>
[CollectionDefinition(Name)]
public sealed class CompatCollection : ICollectionFixture<CompatFixture>
{
    public const string Name = "ostree compatibility";
}

/// <summary>A repository written by one tool: <c>main</c> (two commits), <c>other</c> and a remote ref.</summary>
public sealed record HistoryRepo(string Path, string Writer, string Mode, string Main, string MainParent, string Other);

/// <summary>
/// Generates the input trees once: <see cref="Source"/> (a few hundred entries: regular, executable, private, empty
/// and set-uid files, symlinks relative/absolute/dangling, empty dirs, unicode names, <c>user.*</c> xattrs, foreign
/// owners, a 3 MiB file, a 12-level chain) and <see cref="Overlay"/> (a small tree overlapping Source's names).
/// </summary>
public sealed class CompatFixture : IDisposable
{
    public const string Timestamp1 = "--timestamp=@1600000000";
    private readonly TempDir _root = new("ostree-compat");
    private readonly Dictionary<(string, string), HistoryRepo> _histories = [];
    private readonly object _gate = new();
    private int _counter;

    public CompatFixture()
    {
        if (!RealOstree.IsInstalled && !RealOstree.IsCi)
        {
            return; // every test skips (and says so) through RealOstree.IsAvailableOrSkip
        }
        Source = _root.Combine("source");
        XattrsSupported = TreeGenerator.Generate(Source, new TreeGeneratorOptions
        {
            Seed = 11, FileCount = 160, DirectoryCount = 16, MaxFileSize = 16 * 1024, LargeFileSize = 3 * 1024 * 1024, DeepNesting = 12,
        });
        AddExtras(Source);
        Overlay = _root.Combine("overlay");
        TreeGenerator.Generate(Overlay, new TreeGeneratorOptions
        {
            Seed = 12, FileCount = 25, DirectoryCount = 4, MaxFileSize = 4 * 1024, LargeFileSize = 0, DeepNesting = 3,
        });
    }

    public string Source { get; } = "";

    public string Overlay { get; } = "";

    public bool XattrsSupported { get; }

    /// <summary>A fresh, not yet existing path under the fixture's directory.</summary>
    public string NewPath(string prefix) => _root.Combine(prefix + "-" + Interlocked.Increment(ref _counter));

    /// <summary>Entries libostree treats specially: foreign owners, set-id and sticky bits.</summary>
    private static void AddExtras(string root)
    {
        string x = Path.Combine(root, "extras");
        Directory.CreateDirectory(x);
        File.WriteAllText(Path.Combine(x, "owned"), "owned by 1234:5678\n");
        NativeFile.Lchown(Path.Combine(x, "owned"), 1234, 5678);
        File.CreateSymbolicLink(Path.Combine(x, "owned-link"), "owned");
        NativeFile.Lchown(Path.Combine(x, "owned-link"), 1234, 5678);
        Directory.CreateDirectory(Path.Combine(x, "owned-dir"));
        File.WriteAllText(Path.Combine(x, "owned-dir", "inside"), "inside\n");
        NativeFile.Lchown(Path.Combine(x, "owned-dir"), 4321, 8765);
        File.WriteAllText(Path.Combine(x, "setuid"), "#!/bin/sh\nid\n");
        File.SetUnixFileMode(Path.Combine(x, "setuid"), (UnixFileMode)0b100_111_101_101); // 04755
        File.WriteAllText(Path.Combine(x, "setgid"), "#!/bin/sh\nid\n");
        File.SetUnixFileMode(Path.Combine(x, "setgid"), (UnixFileMode)0b010_111_101_101); // 02755
        Directory.CreateDirectory(Path.Combine(x, "sticky"));
        File.SetUnixFileMode(Path.Combine(x, "sticky"), (UnixFileMode)0b001_111_111_111); // 01777
        File.WriteAllText(Path.Combine(x, "sticky", "f"), "f\n");
        File.WriteAllText(Path.Combine(x, "ünïcødé 文件.txt"), "unicode name\n");
        File.WriteAllBytes(Path.Combine(x, "world-writable"), [1, 2, 3]);
        File.SetUnixFileMode(Path.Combine(x, "world-writable"), (UnixFileMode)0b110_110_110); // 0666
    }

    /// <summary>The commands that build a history repository (REPO is replaced by the repository path).</summary>
    public string[][] HistorySteps(string mode) =>
    [
        ["init", "--repo=REPO", "--mode=" + mode],
        ["commit", "--repo=REPO", "-b", "main", "--tree=dir=" + Source, "-s", "first", "-m", "body line1\nline2", Timestamp1,
            "--add-metadata-string=version=1.0"],
        ["commit", "--repo=REPO", "-b", "main", "--tree=dir=" + Source, "--tree=dir=" + Overlay, "-s", "second", "--timestamp=@1600000100"],
        ["commit", "--repo=REPO", "-b", "other", "--tree=dir=" + Overlay, "--timestamp=@1600000200", "--owner-uid=1000", "--owner-gid=1000",
            "--add-detached-metadata-string=det=val", "--no-xattrs"],
        ["refs", "--repo=REPO", "--create=origin:main", "main"],
    ];

    /// <summary>The history repository written by <paramref name="writer"/> ("ostree" or "ostree-sharp") in <paramref name="mode"/>.</summary>
    public HistoryRepo History(string writer, string mode)
    {
        lock (_gate)
        {
            if (_histories.TryGetValue((writer, mode), out var existing))
            {
                return existing;
            }
            string repo = NewPath($"history-{writer}-{mode}");
            foreach (string[] step in HistorySteps(mode))
            {
                Tools.Checked(writer, [.. step.Select(a => a.Replace("REPO", repo, StringComparison.Ordinal))]);
            }
            string Rev(string rev) => RealOstree.RunChecked("rev-parse", "--repo=" + repo, rev).TrimEnd('\n');
            var h = new HistoryRepo(repo, writer, mode, Rev("main"), Rev("main^"), Rev("other"));
            _histories[(writer, mode)] = h;
            return h;
        }
    }

    public void Dispose() => _root.Dispose();
}
