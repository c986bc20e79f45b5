using System.Text;
using OstreeSharp.GVariant;
using OstreeSharp.Objects;

namespace OstreeSharp.Tests.Objects;

/// <summary>Every vector of spec §3.2 and §4.1–4.3, reproduced exactly.</summary>
public class SpecVectorTests
{
    private static byte[] Hex(string s) => Convert.FromHexString(s.Replace(" ", "", StringComparison.Ordinal));

    [Fact]
    public void EmptyFileChecksum()
    {
        var h = FileHeader.RegularFile(0, 0, 0x1A4);
        Assert.Equal(Hex("00000012 00000000 00000000 00000000 000081a4 00000000 00 11"), h.SerializeContentStreamHeader());
        Assert.Equal("cc700d46f407c6c5ab2d5dde474366a928b7398277e61162e7f8ec06f469f07e", ContentHasher.Compute(h, ReadOnlySpan<byte>.Empty).ToString());
    }

    [Fact]
    public void HelloFileChecksum()
    {
        var h = FileHeader.RegularFile(0, 0, 0x1A4);
        Assert.Equal("44f778e59f0a4748d6b0c90a47347212a231c4ad1e8f7ea5c5dffc7749153a6b", ContentHasher.Compute(h, "hello\n"u8).ToString());
        using var ms = new MemoryStream("hello\n"u8.ToArray());
        Assert.Equal("44f778e59f0a4748d6b0c90a47347212a231c4ad1e8f7ea5c5dffc7749153a6b", ContentHasher.Compute(h, ms).ToString());
    }

    [Fact]
    public void SymlinkChecksum()
    {
        var h = FileHeader.SymbolicLink(0, 0, "hello.txt");
        Assert.Equal(Hex("0000001b 00000000 00000000 00000000 0000a1ff 00000000 68656c6c6f2e74787400 1a"), h.SerializeContentStreamHeader());
        Assert.Equal("f66efa496a72379413c44593de510dc344beb045294f1a543da87b2b6118db35", ContentHasher.Compute(h, ReadOnlySpan<byte>.Empty).ToString());
    }

    [Fact]
    public void XattrFileChecksumAndCanonicalOrder()
    {
        var xattrs = XattrSet.Create([new Xattr("user.b", "2"u8), new Xattr("user.a", "1"u8)]);
        Assert.True(xattrs.IsCanonical);
        var h = FileHeader.RegularFile(0, 0, 0x1A4, xattrs);
        Assert.Equal(Hex("00000026 00000000 00000000 00000000 000081a4 00000000 00 757365722e6100 31 07 757365722e6200 32 07 09 12 11"),
            h.SerializeContentStreamHeader());
        Assert.Equal("cc03915f9f05c0d4c923dc470b7f0e2c92184b7f6896b7558e7e67d99f6217fd", ContentHasher.Compute(h, "X"u8).ToString());

        // Stored (non-canonical) order is hashed as stored: a different checksum (spec §3.2 last row).
        var unsorted = XattrSet.FromStoredOrder([new Xattr("user.b", "2"u8), new Xattr("user.a", "1"u8)]);
        Assert.False(unsorted.IsCanonical);
        var c = ContentHasher.Compute(FileHeader.RegularFile(0, 0, 0x1A4, unsorted), "X"u8).ToString();
        Assert.StartsWith("7b3d5054", c, StringComparison.Ordinal);
        Assert.EndsWith("846da5", c, StringComparison.Ordinal);
    }

    [Fact]
    public void ArchiveHeaderForHello()
    {
        var h = FileHeader.RegularFile(0, 0, 0x1A4);
        var prefix = h.SerializeArchiveHeader(6);
        Assert.Equal(Hex("0000001a 00000000 0000000000000006 00000000 00000000 000081a4 00000000 00 19"), prefix);
        var parsed = FileHeader.ParseArchiveHeader(prefix, out ulong size, out int len);
        Assert.Equal(6UL, size);
        Assert.Equal(prefix.Length, len);
        Assert.Equal(h, parsed);
    }

    [Fact]
    public void ArchiveSymlinkHeaderHasSizeZero()
    {
        var h = FileHeader.SymbolicLink(0, 0, "hello.txt");
        var prefix = h.SerializeArchiveHeader(9);
        FileHeader.ParseArchiveHeader(prefix, out ulong size, out _);
        Assert.Equal(0UL, size);
    }

    [Fact]
    public void EmptyDirTree()
    {
        var dt = DirTreeObject.Create([], []);
        Assert.Equal(new byte[] { 0 }, dt.RawBytes.ToArray());
        Assert.Equal("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", dt.Checksum.ToString());
    }

    [Fact]
    public void DirTreeWithOneFile()
    {
        // spec §4.1: bin/ containing run.sh, 42 bytes; the checksum bytes are arbitrary here.
        var csum = Checksum.FromBytes(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
        var dt = DirTreeObject.Create([new DirTreeFile("run.sh", csum)], []);
        var bytes = dt.RawBytes.ToArray();
        Assert.Equal(42, bytes.Length);
        Assert.Equal(Hex("72756e2e736800"), bytes[..7]);
        Assert.Equal(csum.ToArray(), bytes[7..39]);
        Assert.Equal(Hex("07 28 29"), bytes[39..]);
        var parsed = DirTreeObject.Parse(bytes);
        Assert.Equal("run.sh", Assert.Single(parsed.Files).Name);
    }

    [Fact]
    public void DefaultDirMeta()
    {
        var dm = DirMetaObject.Default;
        Assert.Equal(Hex("00000000 00000000 000041ed"), dm.RawBytes.ToArray());
        Assert.Equal("446a0ef11b7cc167f3b603e585c7eeeeb675faa412d5ec73f62988eb0b6c5488", dm.Checksum.ToString());
    }

    private const string GoldenCommitHex =
        "6f73747265652e7265662d62696e64696e670000000000006d61696e000500617313225375626a00426f647900000000000000005e0be100053d4369f8c11caa4d7a70663a7c1ca2e532e99d763d5064c5508ae4947c6389446a0ef11b7cc167f3b603e585c7eeeeb675faa412d5ec73f62988eb0b6c5488582d28232323";

    [Fact]
    public void GoldenCommitParses()
    {
        var bytes = Convert.FromHexString(GoldenCommitHex);
        Assert.Equal(126, bytes.Length);
        var c = CommitObject.Parse(bytes);
        Assert.Equal("Subj", c.Subject);
        Assert.Equal("Body", c.Body);
        Assert.Equal(1577836800UL, c.Timestamp);
        Assert.Null(c.Parent);
        Assert.Empty(c.Related);
        Assert.True(c.Metadata.TryGetStringArray("ostree.ref-binding", out var refs));
        Assert.Equal(["main"], refs);
        Assert.Equal("446a0ef11b7cc167f3b603e585c7eeeeb675faa412d5ec73f62988eb0b6c5488", c.RootMeta.ToString());
        Assert.StartsWith("f56407ad", c.Checksum.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("201e", c.Checksum.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void GoldenCommitIsReproducedByTheWriter()
    {
        var bytes = Convert.FromHexString(GoldenCommitHex);
        var parsed = CommitObject.Parse(bytes);
        var md = new MetadataDictionary();
        md.SetStringArray("ostree.ref-binding", ["main"]);
        var built = CommitObject.Create(md, null, "Subj", "Body", 1577836800, parsed.RootTree, parsed.RootMeta);
        Assert.Equal(bytes, built.RawBytes.ToArray());
        Assert.Equal(parsed.Checksum, built.Checksum);
    }

    [Fact]
    public void ContentChecksumIsHashOfTreeAndMeta()
    {
        var c = CommitObject.Parse(Convert.FromHexString(GoldenCommitHex));
        var both = c.RootTree.ToArray().Concat(c.RootMeta.ToArray()).ToArray();
        Assert.Equal(Checksum.Compute(both), c.ContentChecksum);
    }

    [Fact]
    public void TombstoneBytesMatchSpec()
    {
        // spec §4.6: {'commit': <ay hex+NUL>}
        string hex = new('a', 64);
        var md = new MetadataDictionary();
        md.SetBytes("commit", Encoding.ASCII.GetBytes(hex + "\0"));
        var bytes = md.Serialize();
        Assert.Equal(Hex("636f6d6d69740000"), bytes[..8]);
        Assert.Equal(Hex("00 00 61 79 07 4d"), bytes[^6..]);
    }

    [Fact]
    public void SizesEntryRoundTrips()
    {
        var e = new SizesEntry(Checksum.Compute("x"u8), 300, 5, ObjectType.File);
        var bytes = e.Serialize();
        Assert.Equal(32 + 2 + 1 + 1, bytes.Length);
        Assert.Equal(e, SizesEntry.Parse(bytes));
        var old = new SizesEntry(Checksum.Compute("x"u8), 1, 2, null);
        Assert.Equal(old, SizesEntry.Parse(old.Serialize()));
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("a/b")]
    [InlineData("")]
    public void DirTreeRejectsUnsafeNames(string name)
    {
        Assert.Throws<ArgumentException>(() => DirTreeObject.Create([new DirTreeFile(name, default)], []));
        // Hand-made hostile bytes: build with a valid name of the same length, then patch the name.
        var csum = Checksum.Compute("y"u8);
        var bytes = GVariantWriter.Serialize(OstreeTypes.DirTree, w =>
        {
            w.StartTuple();
            w.StartArray();
            w.StartTuple();
            w.WriteString(name);
            w.WriteBytes(csum.ToArray());
            w.EndTuple();
            w.EndArray();
            w.StartArray();
            w.EndArray();
            w.EndTuple();
        });
        Assert.ThrowsAny<OstreeDataException>(() => DirTreeObject.Parse(bytes));
    }

    [Fact]
    public void DirTreeRejectsNonUtf8AndUnsorted()
    {
        var csum = Checksum.Compute("y"u8);
        byte[] Build(params byte[][] names) => GVariantWriter.Serialize(OstreeTypes.DirTree, w =>
        {
            w.StartTuple();
            w.StartArray();
            foreach (var n in names)
            {
                w.StartTuple();
                w.WriteString(n);
                w.WriteBytes(csum.ToArray());
                w.EndTuple();
            }
            w.EndArray();
            w.StartArray();
            w.EndArray();
            w.EndTuple();
        });
        var nonUtf8 = Build("ab"u8.ToArray());
        nonUtf8[0] = 0xff;
        nonUtf8[1] = 0xfe;
        Assert.ThrowsAny<OstreeDataException>(() => DirTreeObject.Parse(nonUtf8));
        Assert.ThrowsAny<OstreeDataException>(() => DirTreeObject.Parse(Build("b"u8.ToArray(), "a"u8.ToArray())));
        Assert.ThrowsAny<OstreeDataException>(() => DirTreeObject.Parse(Build("a"u8.ToArray(), "a"u8.ToArray())));
        Assert.Equal(2, DirTreeObject.Parse(Build("a"u8.ToArray(), "b"u8.ToArray())).Files.Count);
    }
}
