using OstreeSharp.Archive;
using OstreeSharp.Commit;
using OstreeSharp.Objects;
using OstreeSharp.Repository;
using OstreeSharp.Tests.Support;
using static OstreeSharp.Tests.Archive.TarTestData;
using SysTar = System.Formats.Tar.TarEntryType;

namespace OstreeSharp.Tests.Archive;

/// <summary>
/// <c>ostree.sizes</c> as the ostree CLI builds it over layers: what the last layer wrote (replaced tar entries too)
/// plus the final tree's dirtrees, through <see cref="RepoTransaction.StartWriteLog"/>.
/// </summary>
public class TarLayerSizesTests
{
    private static readonly byte[] Layered = Build(System.Formats.Tar.TarEntryFormat.Pax,
        new Item("./", SysTar.Directory, 0x1ED),
        new Item("x/", SysTar.Directory, 0x1C0),
        new Item("dup", SysTar.RegularFile, Data: Text("one")),
        new Item("dup", SysTar.RegularFile, 0x180, Data: Text("two")),
        new Item("x/", SysTar.Directory, 0x1E8),
        new Item("x/h", SysTar.HardLink, Link: "lower"));

    [Fact]
    public void WriteLogRecordsEveryRequestedWriteUntilRestarted()
    {
        using var scratch = new ScratchDir();
        using var repo = OstreeRepo.Create(scratch.Combine("repo"), RepoMode.Archive);
        using var tx = repo.BeginTransaction();
        var before = tx.WriteContent(new FileHeader(0, 0, 0x81A4, "", XattrSet.Empty), Text("before"));
        Assert.Empty(tx.WriteLog);
        tx.StartWriteLog();
        var a = tx.WriteContent(new FileHeader(0, 0, 0x81A4, "", XattrSet.Empty), Text("a"));
        var again = tx.WriteContent(new FileHeader(0, 0, 0x81A4, "", XattrSet.Empty), Text("before")); // already staged
        var meta = tx.WriteMetadata(ObjectType.DirMeta, DirMetaObject.Serialize(0, 0, 0x41ED, XattrSet.Empty));
        Assert.Equal(before, again);
        Assert.Equal(
            new HashSet<ObjectName> { new(a, ObjectType.File), new(before, ObjectType.File), new(meta, ObjectType.DirMeta) },
            tx.WriteLog.ToHashSet());
        tx.StartWriteLog();
        Assert.Empty(tx.WriteLog);
    }

    [Fact]
    public void SizesListTheLastLayersWritesAndEveryDirTree()
    {
        using var scratch = new ScratchDir();
        using var repo = OstreeRepo.Create(scratch.Combine("repo"), RepoMode.Archive);
        using var tx = repo.BeginTransaction();
        var root = new MutableTree();
        // Lower layer: a file the tar's hard link points to, and a directory the tar does not touch.
        tx.StartWriteLog();
        var lowerMeta = tx.WriteMetadata(ObjectType.DirMeta, DirMetaObject.Serialize(5, 5, 0x41ED, XattrSet.Empty));
        root.MetaChecksum = lowerMeta;
        var lower = tx.WriteContent(new FileHeader(0, 0, 0x81A4, "", XattrSet.Empty), Text("lower"));
        root.ReplaceFile("lower", lower);
        var kept = root.EnsureDirectory("kept", lowerMeta);
        var keptFile = tx.WriteContent(new FileHeader(0, 0, 0x81A4, "", XattrSet.Empty), Text("kept"));
        kept.ReplaceFile("f", keptFile);

        tx.StartWriteLog();
        TarImporter.Import(tx, root, new MemoryStream(Layered));
        root.Write(tx);
        var sizes = CommitSizes.Compute(tx, root, tx.WriteLog);

        var one = ContentHasher.Compute(new FileHeader(0, 0, 0x81A4, "", XattrSet.Empty), Text("one"));
        var two = ContentHasher.Compute(new FileHeader(0, 0, 0x8180, "", XattrSet.Empty), Text("two"));
        var x700 = Checksum.Compute(DirMetaObject.Serialize(0, 0, 0x41C0, XattrSet.Empty));
        var x750 = Checksum.Compute(DirMetaObject.Serialize(0, 0, 0x41E8, XattrSet.Empty));
        var root755 = Checksum.Compute(DirMetaObject.Serialize(0, 0, 0x41ED, XattrSet.Empty));
        Assert.Equal(lower, root.Directories["x"].Files["h"]);
        var expected = new HashSet<Checksum>
        {
            one, two, x700, x750, root755,
            root.TreeChecksum!.Value, root.Directories["x"].TreeChecksum!.Value, root.Directories["kept"].TreeChecksum!.Value,
        };
        Assert.Equal(expected, sizes.Select(s => s.Checksum).ToHashSet());
        Assert.Equal(sizes.Select(s => s.Checksum).Order(), sizes.Select(s => s.Checksum));
        Assert.DoesNotContain(sizes, s => s.Checksum == lower || s.Checksum == keptFile || s.Checksum == lowerMeta);
        Assert.Equal(3UL, sizes.Single(s => s.Checksum == one).UnpackedSize);
        // The reachable-set variant lists the tree's objects instead.
        var reachable = CommitSizes.Compute(tx, root).Select(s => s.Checksum).ToHashSet();
        Assert.Contains(lower, reachable);
        Assert.DoesNotContain(one, reachable);
    }

    [Fact]
    public void RefLayerObjectsAreItsFilesAndDirMetasNotItsDirTrees()
    {
        using var scratch = new ScratchDir();
        using var repo = OstreeRepo.Create(scratch.Combine("repo"), RepoMode.Archive);
        Checksum tree, meta;
        using (var tx = repo.BeginTransaction())
        {
            var root = new MutableTree();
            TarImporter.Import(tx, root, new MemoryStream(Build(System.Formats.Tar.TarEntryFormat.Pax,
                new Item("./", SysTar.Directory, 0x1ED), new Item("d/", SysTar.Directory, 0x1C0), new Item("d/f", SysTar.RegularFile, Data: Text("f")))));
            (tree, meta) = root.Write(tx);
            tx.Commit();
        }
        var names = CommitSizes.EnumerateLayerObjects(repo, tree, meta).ToHashSet();
        var d = repo.ReadDirTree(tree).Directories.Single();
        var f = repo.ReadDirTree(d.TreeChecksum).Files.Single();
        Assert.Equal(new HashSet<ObjectName> { new(meta, ObjectType.DirMeta), new(d.MetaChecksum, ObjectType.DirMeta), new(f.Checksum, ObjectType.File) }, names);
    }
}
