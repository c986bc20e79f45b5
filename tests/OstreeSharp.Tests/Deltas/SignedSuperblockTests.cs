using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;
using OstreeSharp.Deltas;
using OstreeSharp.GVariant;
using OstreeSharp.Objects;
using OstreeSharp.Signing;
using OstreeSharp.Signing.Ed25519;

namespace OstreeSharp.Tests.Deltas;

/// <summary>Signed delta superblocks (spec §7.3): generation, the wrapper layout, verification, apply, malformed wrappers.</summary>
public sealed class SignedSuperblockTests
{
    private static Ed25519PrivateKey Key(byte seed) => Ed25519PrivateKey.FromSeed(Enumerable.Repeat(seed, 32).Select((b, i) => (byte)(b + i)).ToArray());

    private static StaticDeltaGeneratorOptions Options(string dir, params Ed25519PrivateKey[] keys)
    {
        var o = new StaticDeltaGeneratorOptions { Filename = Path.Combine(dir, "superblock"), Timestamp = 1_700_000_000, MaxDegreeOfParallelism = 1 };
        foreach (var k in keys)
        {
            o.Ed25519SigningKeys.Add(k);
        }
        return o;
    }

    private static Ed25519TrustStore Trust(params Ed25519PrivateKey[] keys)
    {
        var t = new Ed25519TrustStore();
        foreach (var k in keys)
        {
            t.AddTrusted(k.PublicKey);
        }
        return t;
    }

    private static byte[] Generate(DeltaRepoBuilder b, out string dir, params Ed25519PrivateKey[] keys)
    {
        dir = b.NewDirectory();
        new StaticDeltaGenerator(b.Repo, Options(dir, keys)).Generate(b.V1, b.V2);
        return File.ReadAllBytes(Path.Combine(dir, "superblock"));
    }

    [Fact]
    public void SignedSuperblockWrapsTheExactUnsignedBytes()
    {
        using var b = new DeltaRepoBuilder();
        using var k1 = Key(1);
        using var k2 = Key(2);
        byte[] unsigned = Generate(b, out _);
        byte[] signed = Generate(b, out _, k1, k2);

        Assert.Equal("OSTSGNDT"u8.ToArray(), signed[..8]);
        Assert.Equal(DeltaSuperblock.SignedMagic, BinaryPrimitives.ReadUInt64BigEndian(signed));
        var r = new GVariantReader(signed, DeltaSuperblock.SignedType);
        Assert.True(r.IsNormalForm());
        Assert.Equal(unsigned, r.GetChild(1).GetBytes().ToArray());
        var sigs = MetadataDictionary.Read(r.GetChild(2));
        Assert.Equal(["ostree.sign.ed25519"], sigs.Keys);
        Assert.True(sigs.TryGetByteArrays("ostree.sign.ed25519", out var blobs));
        Assert.Equal(2, blobs.Count);
        Assert.True(k1.PublicKey.Verify(unsigned, blobs[0]));
        Assert.True(k2.PublicKey.Verify(unsigned, blobs[1]));

        // Signing the unsigned file afterwards gives the same bytes as signing while generating (Ed25519 is deterministic).
        Assert.Equal(signed, StaticDeltaSigner.Sign(unsigned, [k1, k2]));
        var parsed = DeltaSuperblock.Parse(signed);
        Assert.True(parsed.IsSigned);
        Assert.Equal(unsigned, parsed.RawBytes.ToArray());
        Assert.False(DeltaSuperblock.Parse(unsigned).IsSigned);
    }

    [Fact]
    public void VerificationReportsWhyItFails()
    {
        using var b = new DeltaRepoBuilder();
        using var good = Key(1);
        using var other = Key(9);
        byte[] signed = Generate(b, out _, good);
        var sb = DeltaSuperblock.Parse(signed);

        var ok = StaticDeltaVerifier.RequireEd25519(sb, Trust(good));
        Assert.True(ok.IsValid);
        Assert.Equal(good.PublicKey, ok.ValidKey);
        Assert.True(StaticDeltaVerifier.VerifyEd25519(sb, Trust(other, good)).IsValid);

        var wrong = Assert.Throws<SignatureVerificationException>(() => StaticDeltaVerifier.RequireEd25519(sb, Trust(other)));
        Assert.Equal(SignatureFailureReason.UntrustedKey, wrong.Reason);
        Assert.Contains("static delta " + sb.Name, wrong.Message, StringComparison.Ordinal);

        var none = Assert.Throws<SignatureVerificationException>(() => StaticDeltaVerifier.RequireEd25519(sb, new Ed25519TrustStore()));
        Assert.Equal(SignatureFailureReason.NoTrustedKeys, none.Reason);

        var revokedTrust = Trust(good);
        revokedTrust.AddRevoked(good.PublicKey);
        var revoked = Assert.Throws<SignatureVerificationException>(() => StaticDeltaVerifier.RequireEd25519(sb, revokedTrust));
        Assert.Equal(SignatureFailureReason.RevokedKey, revoked.Reason);

        var unsigned = DeltaSuperblock.Parse(sb.RawBytes.Span);
        var nosig = Assert.Throws<SignatureVerificationException>(() => StaticDeltaVerifier.RequireEd25519(unsigned, Trust(good)));
        Assert.Equal(SignatureFailureReason.NoSignature, nosig.Reason);
        Assert.Equal(0, StaticDeltaVerifier.VerifyEd25519(unsigned, Trust(good)).SignatureCount);
    }

    [Fact]
    public void TamperedSuperblockFailsVerification()
    {
        using var b = new DeltaRepoBuilder();
        using var good = Key(1);
        var sb = DeltaSuperblock.Parse(Generate(b, out _, good));
        // A valid superblock with another timestamp, carrying the old signatures.
        byte[] inner = DeltaSuperblock.Serialize(sb.Metadata, sb.Timestamp + 1, sb.From, sb.Commit, sb.Parts, sb.Fallbacks, sb.Endianness);
        var tampered = DeltaSuperblock.Parse(DeltaSuperblock.SerializeSigned(inner, sb.Signatures!));
        Assert.Equal(sb.Timestamp + 1, tampered.Timestamp);
        var report = StaticDeltaVerifier.VerifyEd25519(tampered, Trust(good));
        Assert.False(report.IsValid);
        Assert.Equal(1, report.SignatureCount);
        // Ed25519 signatures carry no key ID: altered bytes and an unknown key are the same failure.
        var e = Assert.Throws<SignatureVerificationException>(() => StaticDeltaVerifier.RequireEd25519(tampered, Trust(good)));
        Assert.Equal(SignatureFailureReason.UntrustedKey, e.Reason);
    }

    /// <summary>A repository holding v1 (applied from an unsigned scratch delta).</summary>
    private static OstreeSharp.Repository.OstreeRepo TargetWithV1(DeltaRepoBuilder b)
    {
        string scratch = b.NewDirectory();
        new StaticDeltaGenerator(b.Repo, Options(scratch)).Generate(null, b.V1);
        var target = b.NewRepo();
        new StaticDeltaApplier(target).Apply(scratch);
        return target;
    }

    [Fact]
    public void ApplyChecksSignaturesBeforeWritingAnything()
    {
        using var b = new DeltaRepoBuilder();
        using var good = Key(1);
        using var other = Key(2);
        Generate(b, out string signedDir, good);
        Generate(b, out string unsignedDir);

        using (var target = TargetWithV1(b))
        {
            var e = Assert.Throws<SignatureVerificationException>(() =>
                new StaticDeltaApplier(target, new StaticDeltaApplyOptions { Ed25519Trust = Trust(other) }).Apply(signedDir));
            Assert.Equal(SignatureFailureReason.UntrustedKey, e.Reason);
            Assert.False(target.HasObject(b.V2, ObjectType.Commit));
            var nosig = Assert.Throws<SignatureVerificationException>(() =>
                new StaticDeltaApplier(target, new StaticDeltaApplyOptions { Ed25519Trust = Trust(good) }).Apply(unsignedDir));
            Assert.Equal(SignatureFailureReason.NoSignature, nosig.Reason);
            Assert.False(target.HasObject(b.V2, ObjectType.Commit));

            var r = new StaticDeltaApplier(target, new StaticDeltaApplyOptions { Ed25519Trust = Trust(good) }).Apply(signedDir);
            Assert.Equal(b.V2, r.Commit);
            Assert.True(target.HasObject(b.V2, ObjectType.Commit));
        }
        using (var target = TargetWithV1(b))
        {
            // Without a trust store, signed superblocks apply unchecked.
            Assert.Equal(b.V2, new StaticDeltaApplier(target).Apply(signedDir).Commit);
        }
    }

    [Fact]
    public void ResigningKeepsExistingSignaturesAndSkipsDuplicates()
    {
        using var b = new DeltaRepoBuilder();
        using var k1 = Key(1);
        using var k2 = Key(2);
        byte[] signed = Generate(b, out _, k1);
        byte[] twice = StaticDeltaSigner.Sign(signed, [k1, k2]);
        var sb = DeltaSuperblock.Parse(twice);
        var blobs = StaticDeltaVerifier.GetSignatures(sb, SignatureMetadataKeys.Ed25519);
        Assert.Equal(2, blobs.Count);
        Assert.True(StaticDeltaVerifier.VerifyEd25519(sb, Trust(k2)).IsValid);
        Assert.True(StaticDeltaVerifier.VerifyEd25519(sb, Trust(k1)).IsValid);
        Assert.Equal(twice, StaticDeltaSigner.Sign(twice, [k2]));
        Assert.Throws<ArgumentException>(() => StaticDeltaSigner.Sign(signed, []));
    }

    [Fact]
    public void CustomSignerEntriesComeFirstAndAFailingSignerWritesNoSuperblock()
    {
        using var b = new DeltaRepoBuilder();
        using var k1 = Key(1);
        string dir = b.NewDirectory();
        var options = Options(dir, k1);
        byte[]? seen = null;
        options.Signer = bytes =>
        {
            seen = bytes.ToArray();
            var d = new MetadataDictionary();
            d.SetByteArrays("ostree.sign.dummy", ["KEY"u8.ToArray()]);
            return d;
        };
        new StaticDeltaGenerator(b.Repo, options).Generate(b.V1, b.V2);
        var sb = DeltaSuperblock.Parse(File.ReadAllBytes(Path.Combine(dir, "superblock")));
        Assert.Equal(["ostree.sign.dummy", "ostree.sign.ed25519"], sb.Signatures!.Keys);
        Assert.Equal(seen, sb.RawBytes.ToArray());
        Assert.Equal(["KEY"u8.ToArray()], StaticDeltaVerifier.GetSignatures(sb, "ostree.sign.dummy"));

        string dir2 = b.NewDirectory();
        var failing = Options(dir2);
        failing.Signer = _ => throw new InvalidOperationException("no signer");
        Assert.Throws<InvalidOperationException>(() => new StaticDeltaGenerator(b.Repo, failing).Generate(b.V1, b.V2));
        Assert.False(File.Exists(Path.Combine(dir2, "superblock")));
    }

    private static byte[] SignedSuperblock(DeltaRepoBuilder b, Ed25519PrivateKey key, string padding)
    {
        string dir = b.NewDirectory();
        var options = Options(dir, key);
        options.Metadata = new MetadataDictionary();
        options.Metadata.SetString("pad", padding);
        new StaticDeltaGenerator(b.Repo, options).Generate(null, b.V1);
        return File.ReadAllBytes(Path.Combine(dir, "superblock"));
    }

    [Fact]
    public void EveryTruncationOfASignedSuperblockIsRejected()
    {
        using var b = new DeltaRepoBuilder();
        using var k = Key(1);
        byte[] signed = SignedSuperblock(b, k, "");
        for (int len = 0; len < signed.Length; len++)
        {
            int n = len;
            Assert.Throws<DeltaFormatException>(() => DeltaSuperblock.Parse(signed.AsSpan(0, n)));
        }
    }

    [Fact]
    public void WrongMagicIsRejected()
    {
        using var b = new DeltaRepoBuilder();
        using var k = Key(1);
        byte[] signed = SignedSuperblock(b, k, "");
        for (int i = 0; i < 8; i++)
        {
            byte[] copy = (byte[])signed.Clone();
            copy[i] ^= 0x20;
            Assert.False(DeltaSuperblock.IsSignedSuperblock(copy));
            Assert.Throws<DeltaFormatException>(() => DeltaSuperblock.Parse(copy));
        }
        // Little-endian magic (a writer that forgot the byte swap) is not the signed format either.
        byte[] swapped = (byte[])signed.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(swapped, DeltaSuperblock.SignedMagic);
        Assert.Throws<DeltaFormatException>(() => DeltaSuperblock.Parse(swapped));
    }

    [Fact]
    public void NonNormalWrapperIsRejected()
    {
        using var b = new DeltaRepoBuilder();
        using var k = Key(1);
        // Find a padding string for which the inner 'ay' does not end on an 8-byte boundary, so the wrapper has
        // padding before its a{sv}; a non-zero padding byte is not in normal form.
        for (int pad = 0; pad < 8; pad++)
        {
            byte[] signed = SignedSuperblock(b, k, new string('x', pad));
            int osize = signed.Length < 256 ? 1 : signed.Length < 65536 ? 2 : 4;
            int ayEnd = osize switch
            {
                1 => signed[^1],
                2 => BinaryPrimitives.ReadUInt16LittleEndian(signed.AsSpan(signed.Length - 2)),
                _ => (int)BinaryPrimitives.ReadUInt32LittleEndian(signed.AsSpan(signed.Length - 4)),
            };
            if (ayEnd % 8 == 0)
            {
                continue;
            }
            Assert.NotNull(DeltaSuperblock.Parse(signed));
            signed[ayEnd] = 1;
            Assert.Throws<DeltaFormatException>(() => DeltaSuperblock.Parse(signed));
            return;
        }
        Assert.Fail("no padding length produced wrapper padding");
    }

    [Fact]
    public void SignatureEntryOfTheWrongTypeIsAFormatError()
    {
        using var b = new DeltaRepoBuilder();
        using var k = Key(1);
        var sb = DeltaSuperblock.Parse(SignedSuperblock(b, k, ""));
        var sigs = new MetadataDictionary();
        sigs.SetString(SignatureMetadataKeys.Ed25519, "not an aay");
        var bad = DeltaSuperblock.Parse(DeltaSuperblock.SerializeSigned(sb.RawBytes.Span, sigs));
        Assert.Throws<DeltaFormatException>(() => StaticDeltaVerifier.VerifyEd25519(bad, Trust(k)));
        Assert.Throws<DeltaFormatException>(() => StaticDeltaSigner.Sign(DeltaSuperblock.SerializeSigned(sb.RawBytes.Span, sigs), [k]));
    }

    [Fact]
    public void MutatedSignedSuperblocksNeverCrashParsingOrVerification()
    {
        using var b = new DeltaRepoBuilder();
        using var k = Key(1);
        byte[] signed = SignedSuperblock(b, k, "");
        var trust = Trust(k);
        var gen = Gen.Choose(0, signed.Length - 1).SelectMany(pos => Gen.Choose(1, 255).Select(x => (pos, x)));
        Prop.ForAll(Arb.From(gen), t =>
        {
            var copy = (byte[])signed.Clone();
            copy[t.pos] ^= (byte)t.x;
            try
            {
                var sb = DeltaSuperblock.Parse(copy, StaticDeltaLimits.Untrusted);
                var report = StaticDeltaVerifier.VerifyEd25519(sb, trust);
                // Any change to the signed bytes or the signature must break verification.
                bool innerOrSigChanged = !sb.RawBytes.Span.SequenceEqual(DeltaSuperblock.Parse(signed).RawBytes.Span)
                    || !StaticDeltaVerifier.GetSignatures(sb, SignatureMetadataKeys.Ed25519).SequenceEqual(
                        StaticDeltaVerifier.GetSignatures(DeltaSuperblock.Parse(signed), SignatureMetadataKeys.Ed25519), ByteArrayComparer.Instance);
                if (innerOrSigChanged && report.IsValid)
                {
                    throw new InvalidOperationException($"mutation at {t.pos} still verifies");
                }
            }
            catch (DeltaFormatException)
            {
            }
        }).QuickCheckThrowOnFailure();
    }

    private sealed class ByteArrayComparer : IEqualityComparer<byte[]>
    {
        public static readonly ByteArrayComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => obj.Length;
    }
}
