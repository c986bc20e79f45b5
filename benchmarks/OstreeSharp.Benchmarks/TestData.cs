using OstreeSharp.Objects;

namespace OstreeSharp.Benchmarks;

/// <summary>Deterministic, realistically sized inputs shared by the benchmarks.</summary>
public static class TestData
{
    public static Checksum ChecksumOf(string s) => Checksum.Compute(System.Text.Encoding.UTF8.GetBytes(s));

    /// <summary>A dirtree like <c>/usr/bin</c>: <paramref name="files"/> files and <paramref name="dirs"/> sub-directories.</summary>
    public static DirTreeObject DirTree(int files, int dirs) => DirTreeObject.Create(
        Enumerable.Range(0, files).Select(i => new DirTreeFile($"file-{i:D5}.so.{i % 7}", ChecksumOf("f" + i))),
        Enumerable.Range(0, dirs).Select(i => new DirTreeDirectory($"dir-{i:D4}", ChecksumOf("t" + i), ChecksumOf("m" + i))));

    /// <summary>Commit metadata as ostree writes it: version, bindings, and an <c>ostree.sizes</c> table.</summary>
    public static MetadataDictionary Metadata(int sizes)
    {
        var m = new MetadataDictionary();
        m.SetString("version", "41.20240601.0");
        m.SetStringArray("ostree.ref-binding", ["fedora/41/x86_64/silverblue"]);
        m.SetString("ostree.collection-binding", "org.fedoraproject.Os");
        m.SetBoolean("ostree.bootable", true);
        m.SetString("ostree.linux", "6.8.9-300.fc41.x86_64");
        m.SetByteArrays("ostree.sizes", Enumerable.Range(0, sizes)
            .Select(i => (ReadOnlyMemory<byte>)new SizesEntry(ChecksumOf("s" + i), (ulong)(1000 + i * 37), (ulong)(3000 + i * 91), ObjectType.File).Serialize()));
        return m;
    }

    public static CommitObject Commit(int sizes) => CommitObject.Create(Metadata(sizes), ChecksumOf("parent"), "Release 41.20240601.0",
        "Automated build", 1717200000, ChecksumOf("root-tree"), ChecksumOf("root-meta"));

    /// <summary>Compressible content: text-like with some noise.</summary>
    public static byte[] Content(int size)
    {
        var rng = new Random(42);
        var b = new byte[size];
        for (int i = 0; i < size; i++)
            b[i] = (byte)(i % 11 == 0 ? rng.Next(256) : "the quick brown fox jumps over the lazy dog\n"[i % 44]);
        return b;
    }
}
