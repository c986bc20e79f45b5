using System.Text;
using OstreeSharp.Checkout;
using OstreeSharp.Commit;
using OstreeSharp.GVariant;
using OstreeSharp.Objects;
using OstreeSharp.Repository;
using OstreeSharp.Tests.Support;

namespace OstreeSharp.Tests.Checkout;

/// <summary>
/// Hostile dirtrees (entry names <c>..</c>, <c>.</c>, empty, containing <c>/</c>, not UTF-8) are rejected before the
/// checkout writes anything: the destination is not even created, even when the bad entry sits deep below good
/// ones. Also: skip filter paths, <c>-M</c> modes, opaque whiteouts, and the whiteout-device naming rules.
/// </summary>
public sealed class CheckoutSafetyTests
{
    /// <summary>A dirtree serialised as given: no sorting, no name checks. Names that are not UTF-8 (which the
    /// writer refuses) are written as same-length placeholders and patched into the bytes afterwards.</summary>
    private static byte[] RawDirTree(IEnumerable<(byte[] Name, Checksum File)> files, IEnumerable<(byte[] Name, Checksum Tree, Checksum Meta)> dirs)
    {
        var patches = new List<byte[]>();
        byte[] Placeholder(byte[] name)
        {
            if (System.Text.Unicode.Utf8.IsValid(name))
                return name;
            patches.Add(name);
            return Enumerable.Repeat((byte)'~', name.Length).ToArray();
        }
        byte[] bytes = GVariantWriter.Serialize(OstreeTypes.DirTree, w =>
        {
            w.StartTuple();
            w.StartArray();
            foreach (var (name, file) in files)
            {
                w.StartTuple();
                w.WriteString(Placeholder(name));
                w.WriteBytes(file.ToArray());
                w.EndTuple();
            }
            w.EndArray();
            w.StartArray();
            foreach (var (name, tree, meta) in dirs)
            {
                w.StartTuple();
                w.WriteString(Placeholder(name));
                w.WriteBytes(tree.ToArray());
                w.WriteBytes(meta.ToArray());
                w.EndTuple();
            }
            w.EndArray();
            w.EndTuple();
        });
        foreach (byte[] name in patches)
        {
            int at = bytes.AsSpan().IndexOf(Enumerable.Repeat((byte)'~', name.Length).Append((byte)0).ToArray());
            name.CopyTo(bytes, at);
        }
        return bytes;
    }

    /// <summary>
    /// Root: file <c>a</c>, directory <c>good/</c> (with a file), directory <c>zzz/</c> whose dirtree holds the bad
    /// name (as a file, or as a directory).
    /// </summary>
    private static Checksum CommitWithBadName(OstreeRepo repo, byte[] badName, bool asDirectory)
    {
        using var tx = repo.BeginTransaction();
        var file = tx.WriteContent(FileHeader.RegularFile(0, 0, 0x1A4), "content\n"u8);
        var meta = tx.WriteMetadata(ObjectType.DirMeta, DirMetaObject.Serialize(0, 0, UnixMode.Directory | 0x1ED, XattrSet.Empty));
        var empty = tx.WriteMetadata(ObjectType.DirTree, RawDirTree([], []));
        var good = tx.WriteMetadata(ObjectType.DirTree, RawDirTree([("f"u8.ToArray(), file)], []));
        var bad = tx.WriteMetadata(ObjectType.DirTree, asDirectory
            ? RawDirTree([], [(badName, empty, meta)])
            : RawDirTree([(badName, file)], []));
        var root = tx.WriteMetadata(ObjectType.DirTree,
            RawDirTree([("a"u8.ToArray(), file)], [("good"u8.ToArray(), good, meta), ("zzz"u8.ToArray(), bad, meta)]));
        var commit = CommitObject.Create(new MetadataDictionary(), null, "hostile", "", 0, root, meta);
        var c = tx.WriteMetadata(ObjectType.Commit, commit.RawBytes.Span);
        tx.Commit();
        return c;
    }

    public static TheoryData<byte[], bool> BadNames()
    {
        var data = new TheoryData<byte[], bool>();
        foreach (byte[] name in new[] { ".."u8.ToArray(), "."u8.ToArray(), ""u8.ToArray(), "a/b"u8.ToArray(), "../../etc"u8.ToArray(), "/abs"u8.ToArray(), new byte[] { 0xFF, 0xFE, (byte)'x' }, new byte[] { 0xC0, 0xAF } })
        {
            data.Add(name, false);
            data.Add(name, true);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(BadNames))]
    public void BadEntryNameIsRejectedBeforeAnythingIsWritten(byte[] badName, bool asDirectory)
    {
        using var dir = new ScratchDir();
        using var repo = OstreeRepo.Create(dir.Combine("repo"), RepoMode.BareUserOnly);
        var commit = CommitWithBadName(repo, badName, asDirectory);
        string dest = dir.Combine("dest");
        foreach (var mode in new[] { CheckoutMode.User, CheckoutMode.None })
        {
            var ex = Assert.ThrowsAny<OstreeDataException>(() => TreeCheckout.Run(repo, commit, dest, new CheckoutOptions { Mode = mode }));
            Assert.Contains("Invalid", ex.Message, StringComparison.Ordinal);
            Assert.False(Directory.Exists(dest), "the checkout wrote before validating the tree");
        }
        // In a union checkout into an existing directory, nothing changes either.
        Directory.CreateDirectory(dest);
        File.WriteAllText(Path.Combine(dest, "existing"), "x");
        Assert.ThrowsAny<OstreeDataException>(() => TreeCheckout.Run(repo, commit, dest,
            new CheckoutOptions { Mode = CheckoutMode.User, Overwrite = CheckoutOverwriteMode.UnionFiles }));
        Assert.Equal(["existing"], Directory.GetFileSystemEntries(dest).Select(Path.GetFileName));
        Assert.False(File.Exists(Path.Combine(dir.Path, "etc")));
        Assert.False(File.Exists("/abs"));
    }

    private static Checksum CommitTree(OstreeRepo repo, string src) => repo.CommitDirectory(src, "main", "s");

    [Fact]
    public void SkipFilterSeesDirectoriesWithTrailingSlash()
    {
        using var dir = new ScratchDir();
        string src = dir.Combine("src");
        Directory.CreateDirectory(Path.Combine(src, "a", "b"));
        File.WriteAllText(Path.Combine(src, "a", "b", "f"), "f");
        File.WriteAllText(Path.Combine(src, "a", "g"), "g");
        File.WriteAllText(Path.Combine(src, "top"), "t");
        using var repo = OstreeRepo.Create(dir.Combine("repo"), RepoMode.BareUserOnly);
        var commit = CommitTree(repo, src);
        var seen = new System.Collections.Concurrent.ConcurrentBag<string>();
        string dest = dir.Combine("dest");
        TreeCheckout.Run(repo, commit, dest, new CheckoutOptions
        {
            Mode = CheckoutMode.User,
            SkipFilter = p => { seen.Add(p); return p is "/a/b/" or "/top"; },
        });
        Assert.Equal(["/", "/a/", "/a/b/", "/a/g", "/top"], seen.Order(StringComparer.Ordinal));
        Assert.True(File.Exists(Path.Combine(dest, "a", "g")));
        Assert.False(Directory.Exists(Path.Combine(dest, "a", "b")));
        Assert.False(File.Exists(Path.Combine(dest, "top")));

        // Skipping the root skips everything: the destination is not created.
        string dest2 = dir.Combine("dest2");
        TreeCheckout.Run(repo, commit, dest2, new CheckoutOptions { Mode = CheckoutMode.User, SkipFilter = p => p == "/" });
        Assert.False(Directory.Exists(dest2));
    }

    [Fact]
    public void BareUserOnlyDirsMasksDirectoryModes()
    {
        using var dir = new ScratchDir();
        string src = dir.Combine("src");
        foreach (var (name, mode) in new[] { ("sticky", 0x3FF), ("setgid", 0x5FD), ("world", 0x1FF), ("plain", 0x1C0) })
        {
            Directory.CreateDirectory(Path.Combine(src, name));
            File.SetUnixFileMode(Path.Combine(src, name), (UnixFileMode)mode);
        }
        using var repo = OstreeRepo.Create(dir.Combine("repo"), RepoMode.Bare);
        var commit = CommitTree(repo, src);
        string dest = dir.Combine("dest");
        TreeCheckout.Run(repo, commit, dest, new CheckoutOptions { Mode = CheckoutMode.User, BareUserOnlyDirs = true });
        Assert.Equal((UnixFileMode)0x1FD, File.GetUnixFileMode(Path.Combine(dest, "sticky")));  // 01777 → 0775
        Assert.Equal((UnixFileMode)0x1FD, File.GetUnixFileMode(Path.Combine(dest, "setgid")));  // 02775 → 0775
        Assert.Equal((UnixFileMode)0x1FD, File.GetUnixFileMode(Path.Combine(dest, "world")));   // 0777 → 0775
        Assert.Equal((UnixFileMode)0x1C0, File.GetUnixFileMode(Path.Combine(dest, "plain")));   // 0700 stays
    }

    [Fact]
    public void OpaqueWhiteoutEmptiesOnlyWhatWasThereBefore()
    {
        using var dir = new ScratchDir();
        string lower = dir.Combine("lower"), upper = dir.Combine("upper");
        Directory.CreateDirectory(Path.Combine(lower, "d", "sub"));
        File.WriteAllText(Path.Combine(lower, "d", "old"), "old");
        File.WriteAllText(Path.Combine(lower, "d", "sub", "s"), "s");
        File.WriteAllText(Path.Combine(lower, "f"), "f");
        Directory.CreateDirectory(Path.Combine(upper, "d", "newsub"));
        File.WriteAllText(Path.Combine(upper, "d", ".wh..wh..opq"), "");
        File.WriteAllText(Path.Combine(upper, "d", "new"), "new");
        File.WriteAllText(Path.Combine(upper, "d", "newsub", "n"), "n");
        using var repo = OstreeRepo.Create(dir.Combine("repo"), RepoMode.BareUserOnly);
        var l = repo.CommitDirectory(lower, "lower", "l");
        var u = repo.CommitDirectory(upper, "upper", "u");
        string dest = dir.Combine("dest");
        TreeCheckout.Run(repo, l, dest, new CheckoutOptions { Mode = CheckoutMode.User });
        // A symlink to outside the destination among the entries to remove: removed, never followed.
        string outside = dir.Combine("outside");
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "keep"), "keep");
        File.CreateSymbolicLink(Path.Combine(dest, "d", "escape"), outside);
        TreeCheckout.Run(repo, u, dest, new CheckoutOptions { Mode = CheckoutMode.User, Overwrite = CheckoutOverwriteMode.UnionFiles, ProcessWhiteouts = true });
        Assert.Equal(["new", "newsub"], Directory.GetFileSystemEntries(Path.Combine(dest, "d")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.True(File.Exists(Path.Combine(dest, "d", "newsub", "n")));
        Assert.True(File.Exists(Path.Combine(dest, "f")));
        Assert.True(File.Exists(Path.Combine(outside, "keep")));
    }
}
