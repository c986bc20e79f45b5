using System.Text;
using FsCheck;
using FsCheck.Fluent;
using OstreeSharp.Signing.OpenPgp;

namespace OstreeSharp.Tests.Signing.OpenPgp;

public class OpenPgpGpgTests : IClassFixture<GpgFixture>
{
    private readonly GpgFixture _gpg;
    private static readonly byte[] Data = Encoding.UTF8.GetBytes("commit bytes \0\x01\x02 for ostree\n");

    public OpenPgpGpgTests(GpgFixture gpg) => _gpg = gpg;

    private bool Skip() => _gpg.SkipIfUnavailable();

    private OpenPgpKeyring All() => OpenPgpKeyring.Load(
        _gpg.Export(_gpg.HomeA).Concat(_gpg.Export(_gpg.HomeB)).Concat(_gpg.Export(_gpg.HomeC)).ToArray());

    [Fact]
    public void FingerprintsAndKeyIdsMatchGpg()
    {
        if (Skip())
        {
            return;
        }
        foreach (string home in new[] { _gpg.HomeA, _gpg.HomeB, _gpg.HomeC })
        {
            var expected = _gpg.Colons(home);
            var keyring = OpenPgpKeyring.Load(_gpg.Export(home));
            var ours = keyring.PrimaryKeys.SelectMany(k => new[] { k }.Concat(k.Subkeys))
                .Select(k => new GpgFixture.ColonKey(k.IsSubkey ? "sub" : "pub", k.KeyIdHex, k.Fingerprint)).ToList();
            Assert.Equal(expected, ours);
            foreach (var k in ours)
            {
                Assert.NotNull(keyring.FindByFingerprint(k.Fingerprint));
                Assert.Single(keyring.FindByKeyId(Convert.ToUInt64(k.KeyId, 16)));
            }
        }
        var b = OpenPgpKeyring.Load(_gpg.Export(_gpg.HomeB));
        Assert.Single(b.PrimaryKeys[0].Subkeys);
        Assert.Equal(OpenPgpPublicKeyAlgorithm.Rsa, b.PrimaryKeys[0].Subkeys[0].Algorithm);
        Assert.Equal(new[] { "Bob <b@example.com>" }, b.PrimaryKeys[0].UserIds);
        var c = OpenPgpKeyring.Load(_gpg.Export(_gpg.HomeC)).PrimaryKeys[0];
        Assert.Equal(OpenPgpPublicKeyAlgorithm.EdDsaLegacy, c.Algorithm);
        Assert.NotNull(c.EdDsaPublicKey);
    }

    [Fact]
    public void ArmoredExportEqualsBinaryExport()
    {
        if (Skip())
        {
            return;
        }
        byte[] binary = _gpg.Export(_gpg.HomeB);
        var block = OpenPgpArmor.Decode(Encoding.UTF8.GetString(_gpg.Export(_gpg.HomeB, armor: true)));
        Assert.Equal("PUBLIC KEY BLOCK", block.Kind);
        Assert.Equal(binary, block.Data);
        var fromArmor = OpenPgpKeyring.Load(_gpg.Export(_gpg.HomeB, armor: true));
        Assert.Equal(OpenPgpKeyring.Load(binary).PrimaryKeys[0].Fingerprint, fromArmor.PrimaryKeys[0].Fingerprint);

        // Our armor of a gpg signature is accepted by gpg --verify (Run throws on a non-zero exit).
        byte[] sig = _gpg.SignDetached(_gpg.HomeA, Data);
        string armored = OpenPgpArmor.Encode("SIGNATURE", sig, [new("Comment", "OstreeSharp")]);
        Assert.Equal(sig, OpenPgpArmor.Decode(armored).Data);
        _gpg.Run(_gpg.HomeA, null, "--verify", _gpg.WriteTemp(Encoding.ASCII.GetBytes(armored)), _gpg.WriteTemp(Data));
        byte[] tampered = (byte[])Data.Clone();
        tampered[0] ^= 1;
        Assert.Throws<InvalidOperationException>(() =>
            _gpg.Run(_gpg.HomeA, null, "--verify", _gpg.WriteTemp(Encoding.ASCII.GetBytes(armored)), _gpg.WriteTemp(tampered)));
    }

    [Theory]
    [InlineData("SHA256")]
    [InlineData("SHA384")]
    [InlineData("SHA512")]
    public void GpgSignaturesVerify(string digest)
    {
        if (Skip())
        {
            return;
        }
        var keyring = All();
        foreach (string home in new[] { _gpg.HomeA, _gpg.HomeB, _gpg.HomeC })
        {
            var colons = _gpg.Colons(home);
            DateTimeOffset before = DateTimeOffset.UtcNow.AddSeconds(-2);
            byte[] sig = _gpg.SignDetached(home, Data, digest);
            var result = Assert.Single(keyring.VerifyDetached(Data, sig));
            Assert.Equal(OpenPgpVerificationStatus.Valid, result.Status);
            Assert.Equal(Enum.Parse<OpenPgpHashAlgorithm>(digest, ignoreCase: true), result.Signature.HashAlgorithm);
            Assert.Equal(OpenPgpSignatureType.BinaryDocument, result.Signature.SignatureType);
            Assert.Equal(colons[^1].Fingerprint, result.KeyFingerprint); // newest signing (sub)key
            Assert.Equal(colons[0].Fingerprint, result.PrimaryKeyFingerprint);
            Assert.NotNull(result.CreationTime);
            Assert.InRange(result.CreationTime!.Value, before, DateTimeOffset.UtcNow.AddSeconds(2));
            Assert.Equal(Convert.ToUInt64(colons[^1].KeyId, 16), result.Signature.IssuerKeyId);

            byte[] armoredSig = _gpg.SignDetached(home, Data, digest, armor: true);
            Assert.Equal(OpenPgpVerificationStatus.Valid, Assert.Single(keyring.VerifyDetached(Data, armoredSig)).Status);
        }
    }

    [Fact]
    public void ModifiedDataIsBadSignature()
    {
        if (Skip())
        {
            return;
        }
        var keyring = All();
        foreach (string home in new[] { _gpg.HomeA, _gpg.HomeB, _gpg.HomeC })
        {
            byte[] sig = _gpg.SignDetached(home, Data);
            for (int i = 0; i < Data.Length; i += 7)
            {
                byte[] changed = (byte[])Data.Clone();
                changed[i] ^= 0x01;
                Assert.Equal(OpenPgpVerificationStatus.BadSignature, Assert.Single(keyring.VerifyDetached(changed, sig)).Status);
            }
            Assert.Equal(OpenPgpVerificationStatus.BadSignature, Assert.Single(keyring.VerifyDetached(Data.AsSpan(1), sig)).Status);

            // A corrupted signature value (last byte) with intact hash prefix is also bad.
            byte[] broken = (byte[])sig.Clone();
            broken[^1] ^= 0x40;
            Assert.Equal(OpenPgpVerificationStatus.BadSignature, Assert.Single(keyring.VerifyDetached(Data, broken)).Status);
        }
    }

    [Fact]
    public void OtherKeyIsUnknownKey()
    {
        if (Skip())
        {
            return;
        }
        var onlyA = OpenPgpKeyring.Load(_gpg.Export(_gpg.HomeA));
        var result = Assert.Single(onlyA.VerifyDetached(Data, _gpg.SignDetached(_gpg.HomeB, Data)));
        Assert.Equal(OpenPgpVerificationStatus.UnknownKey, result.Status);
        Assert.Null(result.KeyFingerprint);
        Assert.Equal(OpenPgpVerificationStatus.UnknownKey, Assert.Single(new OpenPgpKeyring().VerifyDetached(Data, _gpg.SignDetached(_gpg.HomeA, Data))).Status);
    }

    [Fact]
    public void ConcatenatedSignaturesGiveOneResultEach()
    {
        if (Skip())
        {
            return;
        }
        var onlyA = OpenPgpKeyring.Load(_gpg.Export(_gpg.HomeA));
        byte[] both = [.. _gpg.SignDetached(_gpg.HomeB, Data), .. _gpg.SignDetached(_gpg.HomeA, Data, "SHA512")];
        var results = onlyA.VerifyDetached(Data, both);
        Assert.Equal(
            new[] { OpenPgpVerificationStatus.UnknownKey, OpenPgpVerificationStatus.Valid },
            results.Select(r => r.Status).ToArray());
    }

    [Fact]
    public void Sha1NeedsOption()
    {
        if (Skip())
        {
            return;
        }
        var keyring = OpenPgpKeyring.Load(_gpg.Export(_gpg.HomeA));
        byte[] sig = _gpg.SignDetached(_gpg.HomeA, Data, "SHA1");
        Assert.Equal(OpenPgpVerificationStatus.Unsupported, Assert.Single(keyring.VerifyDetached(Data, sig)).Status);
        Assert.Equal(OpenPgpVerificationStatus.Valid,
            Assert.Single(keyring.VerifyDetached(Data, sig, new OpenPgpVerifyOptions { AllowSha1 = true })).Status);
    }

    private static int SubpacketSize(int length) => length + (length < 192 ? 1 : length < 8384 ? 2 : 5);

    [Fact]
    public void TruncatedSignaturesAndKeysOnlyThrowFormatException()
    {
        if (Skip())
        {
            return;
        }
        var keyring = All();
        foreach (string home in new[] { _gpg.HomeA, _gpg.HomeC })
        {
            byte[] sig = _gpg.SignDetached(home, Data);
            for (int n = 0; n < sig.Length; n++)
            {
                byte[] prefix = sig[..n];
                Assert.Throws<OpenPgpFormatException>(() => keyring.VerifyDetached(Data, prefix));
            }
            // Flip each byte of the packet header and hashed portion: a typed error or a non-valid result, never Valid.
            var reader = new OpenPgpPacketReader(sig);
            Assert.True(reader.TryRead(out var packet));
            Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(packet.Body, out var seg));
            var parsed = OpenPgpSignature.Parse(packet.Body.Span);
            int hashedEnd = seg.Offset + 6 + parsed.Subpackets.Where(s => s.IsHashed).Sum(s => SubpacketSize(s.Data.Length + 1));
            for (int i = 0; i < hashedEnd; i++)
            {
                byte[] bad = (byte[])sig.Clone();
                bad[i] ^= 0xFF;
                try
                {
                    Assert.DoesNotContain(keyring.VerifyDetached(Data, bad), r => r.IsValid);
                }
                catch (OpenPgpFormatException)
                {
                }
            }
        }

        byte[] keys = _gpg.Export(_gpg.HomeB);
        int accepted = 0;
        for (int n = 0; n < keys.Length; n++)
        {
            try
            {
                OpenPgpKeyring.Load(keys.AsMemory(0, n));
                accepted++;
            }
            catch (OpenPgpFormatException)
            {
            }
        }
        Assert.InRange(accepted, 2, keys.Length - 1); // empty input and packet-boundary prefixes load
    }

    [Fact]
    public void RandomMutationsOfRealMaterialOnlyThrowFormatException()
    {
        if (Skip())
        {
            return;
        }
        var keyring = All();
        byte[] keys = [.. _gpg.Export(_gpg.HomeB), .. _gpg.Export(_gpg.HomeC)];
        byte[] sigs = [.. _gpg.SignDetached(_gpg.HomeA, Data), .. _gpg.SignDetached(_gpg.HomeC, Data, "SHA512")];
        var edits = Gen.ArrayOf(Gen.Zip(Gen.Choose(0, int.MaxValue), Gen.Choose(0, 255)));
        Prop.ForAll(edits.ToArbitrary(), Gen.Elements(true, false).ToArbitrary(), (changes, onKeys) =>
        {
            byte[] mutated = (byte[])(onKeys ? keys : sigs).Clone();
            foreach (var (pos, value) in changes)
            {
                mutated[pos % mutated.Length] = (byte)value;
            }
            try
            {
                if (onKeys)
                {
                    OpenPgpKeyring.Load(mutated);
                }
                else
                {
                    keyring.VerifyDetached(Data, mutated);
                }
            }
            catch (OpenPgpFormatException)
            {
            }
            return true;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void ArmoredMultiKeyExportLoadsEveryKey()
    {
        if (Skip())
        {
            return;
        }
        using var scratch = new OstreeSharp.Tests.Support.ScratchDir();
        string home = scratch.Combine("multi");
        Directory.CreateDirectory(home);
        File.SetUnixFileMode(home, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            foreach (string src in new[] { _gpg.HomeA, _gpg.HomeB, _gpg.HomeC })
            {
                _gpg.Run(home, null, "--import", _gpg.WriteTemp(_gpg.Export(src)));
            }
            byte[] armored = _gpg.Export(home, armor: true);
            Assert.Single(OpenPgpArmor.DecodeAll(Encoding.UTF8.GetString(armored)));
            var keyring = OpenPgpKeyring.Load(armored);
            var expected = _gpg.Colons(home);
            Assert.Equal(expected.Count(k => k.Kind == "pub"), keyring.PrimaryKeys.Count);
            foreach (var k in expected)
            {
                var found = keyring.FindByFingerprint(k.Fingerprint);
                Assert.NotNull(found);
                Assert.Equal(k.KeyId, found.KeyIdHex);
                Assert.Equal(k.Kind == "sub", found.IsSubkey);
            }
            foreach (string src in new[] { _gpg.HomeA, _gpg.HomeB, _gpg.HomeC })
            {
                Assert.True(Assert.Single(keyring.VerifyDetached(Data, _gpg.SignDetached(src, Data, "SHA512"))).IsValid);
            }
        }
        finally
        {
            var psi = new System.Diagnostics.ProcessStartInfo("gpgconf", ["--kill", "gpg-agent"]) { UseShellExecute = false };
            psi.Environment["GNUPGHOME"] = home;
            using var p = System.Diagnostics.Process.Start(psi);
            p?.WaitForExit(10_000);
        }
    }

    private static byte[] Rewrite(byte[] keys, Func<OpenPgpPacketTag, bool, byte[], byte[]?> map)
    {
        var output = new List<byte>();
        var reader = new OpenPgpPacketReader(keys);
        bool afterSubkey = false;
        while (reader.TryRead(out var packet))
        {
            if (packet.Tag is OpenPgpPacketTag.PublicKey or OpenPgpPacketTag.UserId)
            {
                afterSubkey = false;
            }
            byte[]? body = map(packet.Tag, afterSubkey, packet.Body.ToArray());
            if (packet.Tag == OpenPgpPacketTag.PublicSubkey)
            {
                afterSubkey = true;
            }
            if (body is null)
            {
                continue;
            }
            output.Add((byte)(0xC0 | (int)packet.Tag));
            output.Add(0xFF);
            output.AddRange([(byte)(body.Length >> 24), (byte)(body.Length >> 16), (byte)(body.Length >> 8), (byte)body.Length]);
            output.AddRange(body);
        }
        return [.. output];
    }

    [Fact]
    public void SubkeySignaturesNeedAVerifiedBinding()
    {
        if (Skip())
        {
            return;
        }
        byte[] keys = _gpg.Export(_gpg.HomeB);
        byte[] sig = _gpg.SignDetached(_gpg.HomeB, Data);
        var bound = OpenPgpKeyring.Load(keys);
        Assert.True(bound.PrimaryKeys[0].Subkeys[0].HasValidBinding);
        Assert.False(bound.PrimaryKeys[0].HasValidBinding);
        Assert.True(Assert.Single(bound.VerifyDetached(Data, sig)).IsValid);

        // Re-encoded with new-format five-octet headers: same keys, same binding.
        var reencoded = OpenPgpKeyring.Load(Rewrite(keys, (_, _, body) => body));
        Assert.True(reencoded.PrimaryKeys[0].Subkeys[0].HasValidBinding);

        var stripped = OpenPgpKeyring.Load(Rewrite(keys, (tag, afterSub, body) => tag == OpenPgpPacketTag.Signature && afterSub ? null : body));
        Assert.False(stripped.PrimaryKeys[0].Subkeys[0].HasValidBinding);
        Assert.Equal(OpenPgpVerificationStatus.UnknownKey, Assert.Single(stripped.VerifyDetached(Data, sig)).Status);
        Assert.True(Assert.Single(stripped.VerifyDetached(Data, sig, new OpenPgpVerifyOptions { RequireSubkeyBinding = false })).IsValid);

        // A binding whose signature value is damaged (last byte) does not count.
        var damaged = OpenPgpKeyring.Load(Rewrite(keys, (tag, afterSub, body) =>
        {
            if (tag == OpenPgpPacketTag.Signature && afterSub)
            {
                body[^1] ^= 0x01;
            }
            return body;
        }));
        Assert.False(damaged.PrimaryKeys[0].Subkeys[0].HasValidBinding);
        Assert.Equal(OpenPgpVerificationStatus.UnknownKey, Assert.Single(damaged.VerifyDetached(Data, sig)).Status);
    }
}
