using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;
using OstreeSharp.Deltas;
using OstreeSharp.GVariant;
using OstreeSharp.Objects;
using OstreeSharp.Repository;
using OstreeSharp.Tests.Compression;
using OstreeSharp.Tests.Support;

namespace OstreeSharp.Tests.Deltas;

/// <summary>Malformed, truncated, inconsistent or oversized deltas raise typed exceptions and write nothing bad.</summary>
public sealed class DeltaMalformedInputTests : IDisposable
{
    private static readonly FileHeader Regular = FileHeader.RegularFile(0, 0, 0x1A4);
    private static readonly byte[] Content = "hello\n"u8.ToArray();
    private static readonly Checksum ContentChecksum = ContentHasher.Compute(Regular, Content);
    private static readonly CommitObject TargetCommit = CommitObject.Create(new MetadataDictionary(), null, "s", "", 0,
        Checksum.Compute("tree"u8), Checksum.Compute("meta"u8));

    private readonly ScratchDir _dir = new();
    private readonly OstreeRepo _repo;

    public DeltaMalformedInputTests() => _repo = OstreeRepo.Create(_dir.Combine("repo"), RepoMode.BareUser);

    public void Dispose()
    {
        _repo.Dispose();
        _dir.Dispose();
    }

    private static byte[] Modes(params (uint Uid, uint Gid, uint Mode)[] modes)
    {
        var b = new byte[modes.Length * 12];
        for (int i = 0; i < modes.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(i * 12), modes[i].Uid);
            BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(i * 12 + 4), modes[i].Gid);
            BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(i * 12 + 8), modes[i].Mode);
        }
        return b;
    }

    internal static byte[] Payload(byte[] modes, byte[] blob, byte[] ops, int xattrSets = 1) =>
        GVariantWriter.Serialize(DeltaPartPayload.Type, w =>
        {
            w.StartTuple();
            w.WriteBytes(modes);
            w.StartArray();
            for (int i = 0; i < xattrSets; i++)
            {
                XattrSet.Empty.WriteTo(w);
            }
            w.EndArray();
            w.WriteBytes(blob);
            w.WriteBytes(ops);
            w.EndTuple();
        });

    internal static byte[] InlineSuperblock(IReadOnlyList<ObjectName> objects, byte[] partFile, ulong usize = 6)
    {
        var name = new StaticDeltaName(null, TargetCommit.Checksum);
        var metadata = new MetadataDictionary();
        metadata.Add(name.RelativeDirectory + "/0", GVariantType.Parse("(yay)"), partFile);
        var header = new DeltaPartHeader(0, Checksum.Compute(partFile), (ulong)partFile.Length, usize, objects);
        return DeltaSuperblock.Serialize(metadata, 1, null, TargetCommit, [header], [], DeltaEndianness.Little);
    }

    private static byte[] ValidOps => [(byte)'S', 0, 0, 6, 0];

    private Exception? Apply(byte[] payload, IReadOnlyList<ObjectName>? objects = null, StaticDeltaLimits? limits = null, byte compression = 0, ulong usize = 6)
    {
        objects ??= [new ObjectName(ContentChecksum, ObjectType.File)];
        var sb = DeltaSuperblock.Parse(InlineSuperblock(objects, [compression, .. payload], usize));
        return Record.Exception(() => new StaticDeltaApplier(_repo, new StaticDeltaApplyOptions { Limits = limits }).Apply(sb, null));
    }

    [Fact]
    public void ValidHandmadeDeltaApplies()
    {
        Assert.Null(Apply(Payload(Modes((0, 0, 0x81A4)), Content, ValidOps)));
        Assert.True(_repo.HasObject(ContentChecksum, ObjectType.File));
        Assert.True(_repo.HasObject(TargetCommit.Checksum, ObjectType.Commit));
    }

    public static TheoryData<string> BadOperations() => new(
        "unknown-opcode", "blob-range", "mode-index", "xattr-index", "write-without-open", "short-object", "long-object",
        "missing-ops", "extra-ops", "bspatch-without-source", "truncated-varint", "overlong-varint", "open-symlink", "close-without-open",
        "nested-open", "bad-mode-type");

    [Theory]
    [MemberData(nameof(BadOperations))]
    public void BadOperationsRaiseDeltaFormatException(string kind)
    {
        byte[] modes = Modes((0, 0, 0x81A4), (0, 0, 0xA1FF), (0, 0, 0x41ED));
        byte[] ops = kind switch
        {
            "unknown-opcode" => [(byte)'Z'],
            "blob-range" => [(byte)'S', 0, 0, 6, 1],
            "mode-index" => [(byte)'S', 9, 0, 6, 0],
            "xattr-index" => [(byte)'S', 0, 5, 6, 0],
            "write-without-open" => [(byte)'w', 6, 0],
            "short-object" => [(byte)'o', 0, 0, 7, (byte)'w', 6, 0, (byte)'c'],
            "long-object" => [(byte)'o', 0, 0, 5, (byte)'w', 6, 0, (byte)'c'],
            "missing-ops" => [],
            "extra-ops" => [.. ValidOps, .. ValidOps],
            "bspatch-without-source" => [(byte)'o', 0, 0, 6, (byte)'B', 0, 6, (byte)'c'],
            "truncated-varint" => [(byte)'S', 0, 0, 0x86],
            "overlong-varint" => [(byte)'S', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0],
            "open-symlink" => [(byte)'o', 1, 0, 6, (byte)'w', 6, 0, (byte)'c'],
            "close-without-open" => [(byte)'c'],
            "nested-open" => [(byte)'o', 0, 0, 6, (byte)'o', 0, 0, 6],
            "bad-mode-type" => [(byte)'S', 2, 0, 6, 0],
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        var ex = Apply(Payload(modes, Content, ops));
        Assert.IsType<DeltaFormatException>(ex);
        Assert.False(_repo.HasObject(TargetCommit.Checksum, ObjectType.Commit));
    }

    [Fact]
    public void WrongContentChecksumIsCorruptObject()
    {
        var wrong = new ObjectName(Checksum.Compute("not it"u8), ObjectType.File);
        Assert.IsType<CorruptObjectException>(Apply(Payload(Modes((0, 0, 0x81A4)), Content, ValidOps), [wrong]));
        Assert.False(_repo.HasObject(wrong.Checksum, ObjectType.File));
    }

    [Fact]
    public void InvalidMetadataIsCorruptObject()
    {
        byte[] garbage = [1, 2, 3, 4, 5, 6];
        var dirtree = new ObjectName(Checksum.Compute(garbage), ObjectType.DirTree);
        var ex = Apply(Payload([], garbage, [(byte)'S', 6, 0], 0), [dirtree]);
        Assert.IsType<CorruptObjectException>(ex);
    }

    [Fact]
    public void MissingReadSourceIsObjectNotFound()
    {
        byte[] blob = [.. Checksum.Compute("absent"u8).ToArray(), .. Content];
        var ex = Apply(Payload(Modes((0, 0, 0x81A4)), blob, [(byte)'r', 0, (byte)'o', 0, 0, 6, (byte)'w', 6, 0, (byte)'c']));
        Assert.IsAssignableFrom<OstreeException>(ex);
    }

    [Fact]
    public void RollsumWritesFromAnExistingObjectApply()
    {
        using (var tx = _repo.BeginTransaction())
        {
            tx.WriteContent(Regular, "hello world\n"u8);
            tx.Commit();
        }
        var source = ContentHasher.Compute(Regular, "hello world\n"u8);
        byte[] blob = [.. source.ToArray(), .. "\n"u8];
        // "hello" from the source, "\n" from the blob.
        byte[] ops = [(byte)'o', 0, 0, 6, (byte)'r', 0, (byte)'w', 5, 0, (byte)'R', (byte)'w', 1, 32, (byte)'c'];
        Assert.Null(Apply(Payload(Modes((0, 0, 0x81A4)), blob, ops)));
        Assert.True(_repo.HasObject(ContentChecksum, ObjectType.File));
    }

    [Fact]
    public void BspatchFromAnExistingObjectApplies()
    {
        byte[] old = "hellO\n"u8.ToArray();
        using (var tx = _repo.BeginTransaction())
        {
            tx.WriteContent(Regular, old);
            tx.Commit();
        }
        var source = ContentHasher.Compute(Regular, old);
        var patch = BsDiff.Create(old, Content);
        byte[] blob = [.. source.ToArray(), .. patch];
        byte[] ops = [(byte)'r', 0, (byte)'o', 0, 0, 6, (byte)'B', 32, (byte)patch.Length, (byte)'c', (byte)'R'];
        Assert.True(patch.Length < 128);
        Assert.Null(Apply(Payload(Modes((0, 0, 0x81A4)), blob, ops)));
        Assert.True(_repo.HasObject(ContentChecksum, ObjectType.File));
    }

    [Fact]
    public void UnknownCompressionIsRejected() =>
        Assert.IsType<DeltaFormatException>(Apply(Payload(Modes((0, 0, 0x81A4)), Content, ValidOps), compression: (byte)'g'));

    [Fact]
    public void OversizedPayloadIsRejectedUnderUntrustedLimits()
    {
        byte[] big = new byte[3 * 1024 * 1024];
        var payload = Payload(Modes((0, 0, 0x81A4)), [.. Content, .. big], ValidOps);
        Assert.IsType<DeltaFormatException>(Apply(payload, limits: StaticDeltaLimits.Untrusted));
        Assert.Null(Apply(payload, limits: StaticDeltaLimits.Trusted));
    }

    [Fact]
    public void XzBombStopsAtTheAllowedSize()
    {
        if (!XzTool.Available())
        {
            return;
        }
        var payload = Payload(Modes((0, 0, 0x81A4)), [.. Content, .. new byte[40 * 1024 * 1024]], ValidOps);
        var compressed = XzTool.Compress(payload, "--check=crc64");
        Assert.True(compressed.Length < 64 * 1024);
        var ex = Apply(compressed, limits: StaticDeltaLimits.Untrusted, compression: (byte)'x');
        var fe = Assert.IsType<DeltaFormatException>(ex);
        Assert.Contains("decompresses to more than", fe.Message, StringComparison.Ordinal);
        Assert.Null(Apply(XzTool.Compress(Payload(Modes((0, 0, 0x81A4)), Content, ValidOps), "--check=crc64"), compression: (byte)'x'));
    }

    [Fact]
    public void PartFileChecksumAndSizeAreChecked()
    {
        using var b = new DeltaRepoBuilder();
        string dir = b.NewDirectory();
        new StaticDeltaGenerator(b.Repo, new StaticDeltaGeneratorOptions { Filename = Path.Combine(dir, "superblock") }).Generate(null, b.V1);
        string part = Path.Combine(dir, "0");
        byte[] original = File.ReadAllBytes(part);
        byte[] flipped = (byte[])original.Clone();
        flipped[^1] ^= 1;
        File.WriteAllBytes(part, flipped);
        using (var t = b.NewRepo())
            Assert.Contains("Checksum mismatch", Assert.Throws<DeltaFormatException>(() => new StaticDeltaApplier(t).Apply(dir)).Message, StringComparison.Ordinal);
        File.WriteAllBytes(part, original.AsSpan(0, original.Length - 1).ToArray());
        using (var t = b.NewRepo())
            Assert.Throws<DeltaFormatException>(() => new StaticDeltaApplier(t).Apply(dir));
        File.Delete(part);
        using (var t = b.NewRepo())
            Assert.Throws<DeltaFormatException>(() => new StaticDeltaApplier(t).Apply(dir));
    }

    private static byte[] RealSuperblock()
    {
        using var b = new DeltaRepoBuilder();
        string dir = b.NewDirectory();
        new StaticDeltaGenerator(b.Repo, new StaticDeltaGeneratorOptions { Filename = Path.Combine(dir, "superblock"), MinFallbackSize = 100_000, DisableRollsum = true, DisableBsdiff = true })
            .Generate(b.V1, b.V2);
        return File.ReadAllBytes(Path.Combine(dir, "superblock"));
    }

    [Fact]
    public void EveryTruncationOfASuperblockIsRejected()
    {
        var bytes = RealSuperblock();
        Assert.NotEmpty(DeltaSuperblock.Parse(bytes).Fallbacks);
        for (int len = 0; len < bytes.Length; len++)
        {
            int n = len;
            Assert.Throws<DeltaFormatException>(() => DeltaSuperblock.Parse(bytes.AsSpan(0, n)));
        }
    }

    [Fact]
    public void MutatedSuperblocksParseOrRaiseDeltaFormatException()
    {
        var bytes = RealSuperblock();
        var gen = Gen.Choose(0, bytes.Length - 1).SelectMany(pos => Gen.Choose(1, 255).Select(x => (pos, x)));
        Prop.ForAll(Arb.From(gen), t =>
        {
            var copy = (byte[])bytes.Clone();
            copy[t.pos] ^= (byte)t.x;
            try
            {
                DeltaSuperblock.Parse(copy, StaticDeltaLimits.Untrusted);
            }
            catch (DeltaFormatException)
            {
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void SignedWrapperIsRecognised()
    {
        var bytes = RealSuperblock();
        var sigs = new MetadataDictionary();
        sigs.SetByteArrays("ostree.sign.ed25519", [new byte[64]]);
        var signed = DeltaSuperblock.SerializeSigned(bytes, sigs);
        Assert.True(DeltaSuperblock.IsSignedSuperblock(signed));
        var parsed = DeltaSuperblock.Parse(signed);
        Assert.True(parsed.IsSigned);
        Assert.Equal(bytes, parsed.RawBytes.ToArray());
    }
}
