using FsCheck;
using FsCheck.Fluent;
using OstreeSharp.Objects;
using OstreeSharp.Repository;

namespace OstreeSharp.Tests.Objects;

/// <summary>
/// The allocation-free serializations of the common headers (no xattrs) give the general writer's bytes, and object
/// paths formatted on the stack name the same files as the allocated ones.
/// </summary>
public sealed class HeaderFastPathTests
{
    private static readonly string[] Pieces = ["a", "/", "..", "é", "日本", "🙂", "x y", "lib", ".so.6"];

    private static Gen<string> Targets() =>
        Gen.OneOf(
            Gen.Choose(0, 8).SelectMany(n => Gen.ArrayOf(Gen.Elements(Pieces), n)).Select(p => string.Concat(p)),
            Gen.Choose(225, 250).Select(n => new string('t', n)),      // around the one-byte-offset limit
            Gen.Choose(75, 85).Select(n => string.Concat(Enumerable.Repeat("é", n)))); // 150-170 UTF-8 bytes, multi-byte

    [Fact]
    public void ContentStreamHeaderMatchesTheGeneralWriter()
    {
        var gen =
            from uid in Gen.Choose(0, int.MaxValue)
            from gid in Gen.Choose(0, int.MaxValue)
            from perm in Gen.Choose(0, 0xFFF)
            from target in Targets()
            from withXattr in Gen.Elements(false, false, true)
            select (uid, gid, perm, target, withXattr);
        Prop.ForAll(Arb.From(gen), t =>
        {
            var xattrs = t.withXattr ? XattrSet.Create([new Xattr("user.a", [1, 2])]) : XattrSet.Empty;
            var header = t.target.Length == 0
                ? FileHeader.RegularFile((uint)t.uid, (uint)t.gid, (uint)t.perm, xattrs)
                : FileHeader.SymbolicLink((uint)t.uid, (uint)t.gid, t.target, xattrs, (uint)t.perm);
            byte[] expected = header.SerializeContentStreamHeader();
            Span<byte> buffer = stackalloc byte[FileHeader.SmallContentStreamHeaderMax];
            bool small = !t.withXattr && System.Text.Encoding.UTF8.GetByteCount(t.target) <= 237;
            bool fast = header.TryWriteContentStreamHeader(buffer, out int written);
            return fast == small && (!fast || buffer[..written].SequenceEqual(expected));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void DirMetaWithoutXattrsMatchesTheGeneralWriter()
    {
        Prop.ForAll(Arb.From(Gen.Choose(int.MinValue, int.MaxValue)), Arb.From(Gen.Choose(0, int.MaxValue)), Arb.From(Gen.Choose(0, 0xFFFF)), (uid, gid, mode) =>
        {
            Span<byte> buffer = stackalloc byte[12];
            bool fast = DirMetaObject.TrySerializeWithoutXattrs((uint)uid, (uint)gid, (uint)mode, XattrSet.Empty, buffer, out int written);
            var withXattrs = XattrSet.Create([new Xattr("security.selinux", "x"u8.ToArray())]);
            return fast
                && buffer[..written].SequenceEqual(DirMetaObject.Serialize((uint)uid, (uint)gid, (uint)mode, XattrSet.Empty))
                && !DirMetaObject.TrySerializeWithoutXattrs((uint)uid, (uint)gid, (uint)mode, withXattrs, buffer, out _);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void ContentChecksumsAreUnchangedByTheFastPath()
    {
        // The one-shot hash (thread-cached, fast header) and the streaming hasher (general header when given bytes)
        // agree, object after object on one thread.
        var rng = new Random(3);
        for (int i = 0; i < 200; i++)
        {
            var content = new byte[rng.Next(0, 5000)];
            rng.NextBytes(content);
            var header = FileHeader.RegularFile((uint)rng.Next(), (uint)rng.Next(), (uint)rng.Next(0, 0xFFF));
            using var streaming = new ContentHasher(header.SerializeContentStreamHeader());
            streaming.Append(content);
            Assert.Equal(streaming.Finish(), ContentHasher.Compute(header, content));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ObjectPathsAndLookupsAgree(bool deep)
    {
        // A repository under a path longer than the stack buffer falls back to the allocated path.
        using var dir = new Support.ScratchDir();
        string root = deep ? Path.Combine(dir.Path, string.Join('/', Enumerable.Repeat(new string('d', 100), 11))) : dir.Path;
        var repo = OstreeRepo.Create(Path.Combine(root, "repo"), RepoMode.Archive);
        var header = FileHeader.RegularFile(0, 0, 0x1A4);
        Checksum stored;
        using (var tx = repo.BeginTransaction())
        {
            stored = tx.WriteContent(header, "hello"u8);
            tx.Commit();
        }

        var name = new ObjectName(stored, ObjectType.File);
        string path = repo.GetObjectPath(name);
        Assert.Equal(Path.Combine(repo.Path, "objects", stored.ToString()[..2], stored.ToString()[2..] + ".filez"), path);
        Assert.Equal(stored.ToString()[..2] + "/" + stored.ToString()[2..] + ".filez", name.RelativePath(archive: true));
        Assert.True(File.Exists(path));
        Assert.True(repo.HasObject(stored, ObjectType.File));
        Assert.False(repo.HasObject(stored, ObjectType.DirMeta));
        Assert.False(repo.HasObject(Checksum.Compute("other"u8), ObjectType.File));
    }
}
