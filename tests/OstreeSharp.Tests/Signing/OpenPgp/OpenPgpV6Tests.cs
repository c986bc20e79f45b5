using System.Text;
using OstreeSharp.Signing.OpenPgp;
using static OstreeSharp.Tests.Signing.OpenPgp.OpenPgpV6Vectors;

namespace OstreeSharp.Tests.Signing.OpenPgp;

/// <summary>
/// OpenPGP v6 (RFC 9580) keys and signatures against the Appendix A vectors. gpg 2.2 cannot read or make v6 data, so
/// the vectors' own self-signatures (and the A.6 signature over known text) are the only external oracle.
/// </summary>
public class OpenPgpV6Tests
{
    private static readonly byte[] Blob = Encoding.UTF8.GetBytes("commit-like bytes \0\x01\x02\xff for ostree\n");

    private static OpenPgpSigningKey UnlockVectorKey()
    {
        var secrets = OpenPgpSecretKeyring.Load(SecretKeyBytes);
        return secrets.SelectSigningKey(null, DateTimeOffset.UnixEpoch.AddYears(60)).Unlock();
    }

    [Fact]
    public void CertificateParsesWithRfcFingerprintsAndKeyIds()
    {
        var keyring = OpenPgpKeyring.Load(Encoding.ASCII.GetBytes(Certificate));
        var primary = Assert.Single(keyring.PrimaryKeys);
        Assert.Equal(6, primary.Version);
        Assert.Equal(OpenPgpPublicKeyAlgorithm.Ed25519, primary.Algorithm);
        Assert.Equal(PrimaryFingerprint, primary.Fingerprint);
        Assert.Equal(32, primary.FingerprintBytes.Length);
        Assert.Equal(PrimaryFingerprint[..16], primary.KeyIdHex);
        Assert.Equal(Convert.ToUInt64(PrimaryFingerprint[..16], 16), primary.KeyId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(0x63877fe3), primary.CreationTime);
        Assert.NotNull(primary.EdDsaPublicKey);
        Assert.True(primary.CanVerify);
        Assert.Empty(primary.UserIds);

        var subkey = Assert.Single(primary.Subkeys);
        Assert.Equal(6, subkey.Version);
        Assert.Equal(OpenPgpPublicKeyAlgorithm.X25519, subkey.Algorithm);
        Assert.Equal(SubkeyFingerprint, subkey.Fingerprint);
        Assert.Equal(SubkeyFingerprint[..16], subkey.KeyIdHex);
        Assert.False(subkey.CanVerify);
        Assert.Same(primary, subkey.PrimaryKey);

        Assert.Same(primary, keyring.FindByFingerprint(PrimaryFingerprint));
        Assert.Same(subkey, keyring.FindByFingerprint(SubkeyFingerprint.ToLowerInvariant()));
        Assert.Same(subkey, Assert.Single(keyring.FindByKeyId(subkey.KeyId)));
    }

    [Fact]
    public void SelfSignaturesVerify()
    {
        var keyring = OpenPgpKeyring.Load(CertificateBytes);
        var primary = keyring.PrimaryKeys[0];
        // Direct-key signature (0x1F): key flags certify+sign, no expiry.
        Assert.True(primary.HasValidSelfSignature);
        Assert.Equal(0x03, primary.KeyFlags);
        Assert.True(primary.CanSign);
        Assert.Null(primary.ExpirationTime);
        // Subkey binding (0x18): encryption flags; no back signature needed for an encryption subkey.
        var subkey = primary.Subkeys[0];
        Assert.True(subkey.HasValidBinding);
        Assert.Equal(0x0C, subkey.KeyFlags);
        Assert.False(subkey.CanSign);
    }

    /// <summary>Offsets of the last byte of each signature packet's body (inside its Ed25519 signature value).</summary>
    private static IEnumerable<int> SignatureMaterialOffsets(byte[] data) =>
        Packets(data).Where(p => p.Tag == OpenPgpPacketTag.Signature).Select(p => p.Offset + (p.Body.Length + 2) - 1);

    [Fact]
    public void FlippedByteInEachSelfSignatureBreaksIt()
    {
        byte[] cert = CertificateBytes;
        var offsets = SignatureMaterialOffsets(cert).ToList();
        Assert.Equal(2, offsets.Count);

        byte[] badDirect = (byte[])cert.Clone();
        badDirect[offsets[0]] ^= 0x01;
        var primary = OpenPgpKeyring.Load(badDirect).PrimaryKeys[0];
        Assert.False(primary.HasValidSelfSignature);
        Assert.Null(primary.KeyFlags);
        Assert.True(primary.Subkeys[0].HasValidBinding);

        byte[] badBinding = (byte[])cert.Clone();
        badBinding[offsets[1]] ^= 0x01;
        primary = OpenPgpKeyring.Load(badBinding).PrimaryKeys[0];
        Assert.True(primary.HasValidSelfSignature);
        Assert.False(primary.Subkeys[0].HasValidBinding);
        Assert.Null(primary.Subkeys[0].KeyFlags);
    }

    [Fact]
    public void FlippedKeyMaterialInvalidatesBothSelfSignatures()
    {
        byte[] cert = CertificateBytes;
        var first = Packets(cert)[0];
        byte[] bad = (byte[])cert.Clone();
        bad[first.Offset + 2 + 12] ^= 0x40; // a byte of the primary's Ed25519 public key
        var primary = OpenPgpKeyring.Load(bad).PrimaryKeys[0];
        Assert.NotEqual(PrimaryFingerprint, primary.Fingerprint);
        Assert.False(primary.HasValidSelfSignature);
        Assert.False(primary.Subkeys[0].HasValidBinding);
    }

    [Fact]
    public void SecretKeyParsesAndMatchesTheCertificate()
    {
        var secrets = OpenPgpSecretKeyring.Load(Encoding.ASCII.GetBytes(SecretKey));
        Assert.Equal(2, secrets.SecretKeys.Count);
        var primary = secrets.SecretKeys[0];
        Assert.Equal(PrimaryFingerprint, primary.PublicKey.Fingerprint);
        Assert.False(primary.IsProtected);
        Assert.True(primary.HasSecretMaterial);
        Assert.True(primary.CanCreateSignatures);
        var sub = secrets.SecretKeys[1];
        Assert.Equal(SubkeyFingerprint, sub.PublicKey.Fingerprint);
        Assert.False(sub.CanCreateSignatures);
        Assert.True(sub.PublicKey.HasValidBinding);

        Assert.Same(primary, secrets.SelectSigningKey(PrimaryFingerprint, DateTimeOffset.UnixEpoch.AddYears(60)));
        Assert.Same(primary, secrets.SelectSigningKey("0x" + PrimaryFingerprint[..16], DateTimeOffset.UnixEpoch.AddYears(60)));
        Assert.Same(primary, secrets.SelectSigningKey(PrimaryFingerprint[8..16].ToLowerInvariant(), DateTimeOffset.UnixEpoch.AddYears(60)));
        // The secret key packet's public part is byte-identical to the certificate's key packet.
        Assert.Equal(Packets(CertificateBytes)[0].Body.ToArray(), primary.PublicKey.Body.ToArray());
        using var signing = primary.Unlock();
        Assert.Same(primary.PublicKey, signing.PublicKey);
    }

    [Fact]
    public void SignedBlobVerifiesWithTheCertificateAndTamperingIsBad()
    {
        using var signing = UnlockVectorKey();
        var created = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        byte[] packet = signing.SignDetached(Blob, new OpenPgpSignOptions { CreationTime = created });
        var keyring = OpenPgpKeyring.Load(CertificateBytes);
        var options = new OpenPgpVerifyOptions { Now = created.AddDays(1) };

        var result = Assert.Single(keyring.VerifyDetached(Blob, packet, options));
        Assert.Equal(OpenPgpVerificationStatus.Valid, result.Status);
        Assert.Equal(PrimaryFingerprint, result.KeyFingerprint);
        Assert.Equal(PrimaryFingerprint[..16], result.KeyIdHex);
        Assert.Equal(PrimaryFingerprint, result.IssuerId);
        Assert.Equal(created, result.CreationTime);

        var sig = result.Signature;
        Assert.Equal(6, sig.Version);
        Assert.Equal(OpenPgpSignatureType.BinaryDocument, sig.SignatureType);
        Assert.Equal(OpenPgpPublicKeyAlgorithm.Ed25519, sig.PublicKeyAlgorithm);
        Assert.Equal(OpenPgpHashAlgorithm.Sha256, sig.HashAlgorithm);
        Assert.Equal(16, sig.Salt.Length);
        Assert.Equal(Convert.FromHexString(PrimaryFingerprint), sig.IssuerFingerprint.ToArray());
        Assert.Equal(64, Assert.Single(sig.SignatureValues).Length);
        Assert.DoesNotContain(sig.Subpackets, s => !s.IsHashed);

        byte[] tamperedData = (byte[])Blob.Clone();
        tamperedData[3] ^= 0x20;
        Assert.Equal(OpenPgpVerificationStatus.BadSignature, keyring.VerifyDetached(tamperedData, packet, options)[0].Status);
        byte[] tamperedSig = (byte[])packet.Clone();
        tamperedSig[^5] ^= 0x01;
        Assert.Equal(OpenPgpVerificationStatus.BadSignature, keyring.VerifyDetached(Blob, tamperedSig, options)[0].Status);
        byte[] tamperedSalt = (byte[])packet.Clone();
        tamperedSalt[^(64 + 3)] ^= 0x01;
        Assert.Equal(OpenPgpVerificationStatus.BadSignature, keyring.VerifyDetached(Blob, tamperedSalt, options)[0].Status);
    }

    [Theory]
    [InlineData(OpenPgpHashAlgorithm.Sha256, 16)]
    [InlineData(OpenPgpHashAlgorithm.Sha384, 24)]
    [InlineData(OpenPgpHashAlgorithm.Sha512, 32)]
    public void EachHashUsesItsSaltSizeAndAFreshSalt(OpenPgpHashAlgorithm hash, int saltLength)
    {
        using var signing = UnlockVectorKey();
        var options = new OpenPgpSignOptions { HashAlgorithm = hash, CreationTime = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000) };
        byte[] a = signing.SignDetached(Blob, options);
        byte[] b = signing.SignDetached(Blob, options);
        Assert.NotEqual(a, b);
        var keyring = OpenPgpKeyring.Load(CertificateBytes);
        foreach (var packet in new[] { a, b })
        {
            var result = Assert.Single(keyring.VerifyDetached(Blob, packet));
            Assert.Equal(OpenPgpVerificationStatus.Valid, result.Status);
            Assert.Equal(saltLength, result.Signature.Salt.Length);
            Assert.Equal(hash, result.Signature.HashAlgorithm);
        }
    }

    [Theory]
    [InlineData(OpenPgpHashAlgorithm.Sha1)]
    [InlineData(OpenPgpHashAlgorithm.Sha224)]
    public void V6SigningRefusesOtherDigests(OpenPgpHashAlgorithm hash)
    {
        using var signing = UnlockVectorKey();
        Assert.Throws<ArgumentException>(() => signing.SignDetached(Blob, new OpenPgpSignOptions { HashAlgorithm = hash }));
    }

    [Fact]
    public void ExpiryOptionIsWrittenAndJudged()
    {
        using var signing = UnlockVectorKey();
        var created = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        byte[] packet = signing.SignDetached(Blob, new OpenPgpSignOptions { CreationTime = created, Expiry = TimeSpan.FromHours(1) });
        var keyring = OpenPgpKeyring.Load(CertificateBytes);
        Assert.Equal(OpenPgpVerificationStatus.Valid, keyring.VerifyDetached(Blob, packet, new() { Now = created.AddMinutes(30) })[0].Status);
        Assert.Equal(OpenPgpVerificationStatus.SignatureExpired, keyring.VerifyDetached(Blob, packet, new() { Now = created.AddHours(2) })[0].Status);
    }

    [Fact]
    public void SignatureByTheEncryptionSubkeyIdIsNotAccepted()
    {
        // A signature naming the X25519 subkey: the algorithm does not match (and X25519 cannot sign), so no key is found.
        var keyring = OpenPgpKeyring.Load(CertificateBytes);
        var subkey = keyring.PrimaryKeys[0].Subkeys[0];
        using var ed = OstreeSharp.Signing.Ed25519.Ed25519PrivateKey.Generate();
        byte[] sig = V6Signature(ed, OpenPgpSignatureType.BinaryDocument, [.. IssuerFingerprint(subkey), .. CreationTime(DateTimeOffset.UtcNow)], [], Blob);
        var result = Assert.Single(keyring.VerifyDetached(Blob, sig));
        Assert.Equal(OpenPgpVerificationStatus.Unsupported, result.Status);
        Assert.False(result.IsValid);
    }

    [Fact]
    public void WrongSaltLengthIsAFormatError()
    {
        using var signing = UnlockVectorKey();
        byte[] packet = signing.SignDetached(Blob);
        var body = Packets(packet)[0].Body.ToArray();
        int saltLengthAt = body.Length - 64 - 16 - 1;
        Assert.Equal(16, body[saltLengthAt]);

        // Shorter salt (15 octets, one dropped) and longer salt (17 octets, one added), lengths kept consistent.
        byte[] shorter = [.. body[..saltLengthAt], 15, .. body[(saltLengthAt + 2)..]];
        byte[] longer = [.. body[..saltLengthAt], 17, 0xAA, .. body[(saltLengthAt + 1)..]];
        foreach (var bad in new[] { shorter, longer })
        {
            var e = Assert.Throws<OpenPgpFormatException>(() => OpenPgpSignature.Parse(bad));
            Assert.Contains("salt", e.Message, StringComparison.Ordinal);
            var keyring = OpenPgpKeyring.Load(CertificateBytes);
            Assert.Throws<OpenPgpFormatException>(() => keyring.VerifyDetached(Blob, Packet(2, bad)));
        }
        Assert.Equal(16, OpenPgpSignature.SaltLength(OpenPgpHashAlgorithm.Sha256));
        Assert.Equal(24, OpenPgpSignature.SaltLength(OpenPgpHashAlgorithm.Sha384));
        Assert.Equal(32, OpenPgpSignature.SaltLength(OpenPgpHashAlgorithm.Sha512));
        Assert.Equal(16, OpenPgpSignature.SaltLength(OpenPgpHashAlgorithm.Sha224));
        Assert.Equal(16, OpenPgpSignature.SaltLength(OpenPgpHashAlgorithm.Sha3_256));
        Assert.Equal(32, OpenPgpSignature.SaltLength(OpenPgpHashAlgorithm.Sha3_512));
        Assert.Null(OpenPgpSignature.SaltLength(OpenPgpHashAlgorithm.Sha1));
    }

    [Fact]
    public void EveryTruncationOfEveryV6PacketIsAFormatError()
    {
        using var signing = UnlockVectorKey();
        var bodies = new List<(OpenPgpPacketTag Tag, byte[] Body)>();
        foreach (var source in new[] { CertificateBytes, SecretKeyBytes, signing.SignDetached(Blob) })
        {
            bodies.AddRange(Packets(source).Select(p => (p.Tag, p.Body.ToArray())));
        }
        Assert.Equal(4 + 4 + 1, bodies.Count);
        int checkedPrefixes = 0;
        foreach (var (tag, body) in bodies)
        {
            for (int n = 0; n < body.Length; n++)
            {
                byte[] prefix = body[..n];
                Action parse = tag switch
                {
                    OpenPgpPacketTag.PublicKey or OpenPgpPacketTag.PublicSubkey =>
                        () => OpenPgpPublicKey.Parse(prefix, tag == OpenPgpPacketTag.PublicSubkey),
                    OpenPgpPacketTag.Signature => () => OpenPgpSignature.Parse(prefix),
                    _ => () => OpenPgpSecretKeyring.Load(Packet((int)tag, prefix)),
                };
                Assert.Throws<OpenPgpFormatException>(parse);
                checkedPrefixes++;
            }
        }
        Assert.True(checkedPrefixes > 1000);
    }

    [Fact]
    public void EveryTruncationOfTheKeyringsLoadsOrIsAFormatError()
    {
        foreach (var data in new[] { CertificateBytes, SecretKeyBytes })
        {
            for (int n = 0; n < data.Length; n++)
            {
                byte[] prefix = data[..n];
                try
                {
                    OpenPgpKeyring.Load(prefix);
                    OpenPgpSecretKeyring.Load(prefix);
                }
                catch (OpenPgpFormatException)
                {
                }
            }
        }
    }

    [Fact]
    public void RandomCorruptionOfV6DataOnlyEverThrowsFormatErrors()
    {
        using var signing = UnlockVectorKey();
        byte[] sig = signing.SignDetached(Blob);
        var keyring = OpenPgpKeyring.Load(CertificateBytes);
        var rng = new Random(9580);
        for (int i = 0; i < 1500; i++)
        {
            byte[] cert = CertificateBytes;
            byte[] secret = SecretKeyBytes;
            byte[] s = (byte[])sig.Clone();
            foreach (var buffer in new[] { cert, secret, s })
            {
                int flips = 1 + rng.Next(3);
                for (int f = 0; f < flips; f++)
                {
                    buffer[rng.Next(buffer.Length)] ^= (byte)(1 + rng.Next(255));
                }
            }
            try
            {
                OpenPgpKeyring.Load(cert);
            }
            catch (OpenPgpFormatException)
            {
            }
            try
            {
                var secrets = OpenPgpSecretKeyring.Load(secret);
                foreach (var k in secrets.SecretKeys.Where(k => k.CanCreateSignatures))
                {
                    k.Unlock().Dispose();
                }
            }
            catch (OpenPgpFormatException)
            {
            }
            try
            {
                foreach (var r in keyring.VerifyDetached(Blob, s))
                {
                    Assert.NotEqual(OpenPgpVerificationStatus.Valid, r.Status);
                }
            }
            catch (OpenPgpFormatException)
            {
            }
        }
    }

    [Fact]
    public void LegacyAlgorithmsAreRefusedInV6Keys()
    {
        // v6 key body with algorithm 22 (legacy EdDSA): OID + MPI in the material.
        byte[] material = [9, 0x2B, 0x06, 0x01, 0x04, 0x01, 0xDA, 0x47, 0x0F, 0x01, 0x01, 0x07, 0x40, .. new byte[32]];
        byte[] body = [6, 0x63, 0x87, 0x7F, 0xE3, 22, 0, 0, 0, (byte)material.Length, .. material];
        var e = Assert.Throws<OpenPgpFormatException>(() => OpenPgpPublicKey.Parse(body, isSubkey: false));
        Assert.Contains("Legacy EdDSA", e.Message, StringComparison.Ordinal);
        // Legacy Curve25519 ECDH (18 with the Curve25519 OID).
        byte[] ecdh = [10, 0x2B, 0x06, 0x01, 0x04, 0x01, 0x97, 0x55, 0x01, 0x05, 0x01, 0x01, 0x07, 0x40, .. new byte[32], 3, 1, 8, 7];
        byte[] ecdhBody = [6, 0x63, 0x87, 0x7F, 0xE3, 18, 0, 0, 0, (byte)ecdh.Length, .. ecdh];
        Assert.Throws<OpenPgpFormatException>(() => OpenPgpPublicKey.Parse(ecdhBody, isSubkey: true));
    }

    [Theory]
    [InlineData(OpenPgpPublicKeyAlgorithm.Ed448, 57)]
    [InlineData(OpenPgpPublicKeyAlgorithm.X448, 56)]
    [InlineData(OpenPgpPublicKeyAlgorithm.X25519, 32)]
    [InlineData((OpenPgpPublicKeyAlgorithm)100, 5)]
    public void OtherV6AlgorithmsParseButCannotVerify(OpenPgpPublicKeyAlgorithm algorithm, int length)
    {
        byte[] body = [6, 0x63, 0x87, 0x7F, 0xE3, (byte)algorithm, 0, 0, 0, (byte)length, .. Enumerable.Repeat((byte)7, length)];
        var key = OpenPgpPublicKey.Parse(body, isSubkey: false);
        Assert.Equal(algorithm, key.Algorithm);
        Assert.False(key.CanVerify);
        Assert.Null(key.EdDsaPublicKey);
        Assert.Equal(64, key.Fingerprint.Length);
        // A wrong material length (declared or, for fixed-size algorithms, actual) is a format error.
        byte[] lying = (byte[])body.Clone();
        lying[9]++;
        Assert.Throws<OpenPgpFormatException>(() => OpenPgpPublicKey.Parse(lying, isSubkey: false));
        if (algorithm != (OpenPgpPublicKeyAlgorithm)100)
        {
            byte[] shortMaterial = [.. body[..9], (byte)(length - 1), .. body[10..^1]];
            Assert.Throws<OpenPgpFormatException>(() => OpenPgpPublicKey.Parse(shortMaterial, isSubkey: false));
        }
    }

    [Fact]
    public void CleartextSignatureVectorVerifiesAsCanonicalText()
    {
        var keyring = OpenPgpKeyring.Load(CertificateBytes);
        byte[] text = Encoding.UTF8.GetBytes(CleartextMessage);
        byte[] signature = Encoding.ASCII.GetBytes(CleartextSignature);
        var options = new OpenPgpVerifyOptions { AllowCanonicalText = true };
        var result = Assert.Single(keyring.VerifyDetached(text, signature, options));
        Assert.Equal(OpenPgpSignatureType.CanonicalText, result.Signature.SignatureType);
        Assert.Equal(OpenPgpHashAlgorithm.Sha512, result.Signature.HashAlgorithm);
        Assert.Equal(32, result.Signature.Salt.Length);
        Assert.Equal(OpenPgpVerificationStatus.Valid, result.Status);
        // CR LF line endings are already canonical.
        byte[] crlf = Encoding.UTF8.GetBytes(CleartextMessage.Replace("\n", "\r\n", StringComparison.Ordinal));
        Assert.Equal(OpenPgpVerificationStatus.Valid, keyring.VerifyDetached(crlf, signature, options)[0].Status);
        // Off by default; and a changed word is bad.
        Assert.Equal(OpenPgpVerificationStatus.Unsupported, keyring.VerifyDetached(text, signature)[0].Status);
        byte[] changed = Encoding.UTF8.GetBytes(CleartextMessage.Replace("tofu", "tofo", StringComparison.Ordinal));
        Assert.Equal(OpenPgpVerificationStatus.BadSignature, keyring.VerifyDetached(changed, signature, options)[0].Status);
    }

    [Fact]
    public void ProtectedV6SecretKeysAreRefusedWithATypedError()
    {
        // The vector's primary secret with the usage octet rewritten to 253 (AEAD) and a parameter block: it parses,
        // reports itself protected, and Unlock refuses it.
        var first = Packets(SecretKeyBytes)[0].Body.ToArray();
        int usageAt = 10 + 32;
        Assert.Equal(0, first[usageAt]);
        byte[] protectedBody = [.. first[..usageAt], 253, 4, 9, 2, 1, 0, .. new byte[48]];
        var secrets = OpenPgpSecretKeyring.Load(Packet(5, protectedBody));
        var secret = Assert.Single(secrets.SecretKeys);
        Assert.True(secret.IsProtected);
        var e = Assert.Throws<OpenPgpUnsupportedException>(() => secret.Unlock("passphrase"));
        Assert.Contains("v6", e.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<OpenPgpFormatException>(e);
        // Usage 255 (malleable CFB) is not allowed with v6 keys; a parameter count running past the end is truncation.
        Assert.Throws<OpenPgpFormatException>(() => OpenPgpSecretKeyring.Load(Packet(5, [.. first[..usageAt], 255, 0])));
        Assert.Throws<OpenPgpFormatException>(() => OpenPgpSecretKeyring.Load(Packet(5, [.. first[..usageAt], 254, 40, 1, 2])));
    }

    [Fact]
    public void UnprotectedV6SecretWithWrongLengthOrMismatchedSeedIsRefused()
    {
        var first = Packets(SecretKeyBytes)[0].Body.ToArray();
        Assert.Throws<OpenPgpFormatException>(() => OpenPgpSecretKeyring.Load(Packet(5, first[..^1])));
        Assert.Throws<OpenPgpFormatException>(() => OpenPgpSecretKeyring.Load(Packet(5, [.. first, 0])));
        byte[] wrongSeed = (byte[])first.Clone();
        wrongSeed[^1] ^= 0x01;
        var secret = OpenPgpSecretKeyring.Load(Packet(5, wrongSeed)).SecretKeys[0];
        Assert.Throws<OpenPgpFormatException>(() => secret.Unlock());
    }

    [Fact]
    public void UnknownKeyVersionsInAKeyringAreSkipped()
    {
        // A v5 key block (key, user ID, signature) between two copies of nothing else: the v6 certificate still loads.
        byte[] v5Key = Packet(6, [5, 0x63, 0x87, 0x7F, 0xE3, 27, 0, 0, 0, 32, .. new byte[32]]);
        byte[] v5Sub = Packet(14, [5, 0x63, 0x87, 0x7F, 0xE3, 25, 0, 0, 0, 32, .. new byte[32]]);
        byte[] uid = Packet(13, "v5 <v5@example.com>"u8.ToArray());
        byte[] junkSig = Packet(2, [5, 0x13, 27, 8, 0xFF]);
        byte[] data = [.. v5Key, .. uid, .. junkSig, .. v5Sub, .. CertificateBytes, .. v5Key];
        var keyring = OpenPgpKeyring.Load(data);
        var primary = Assert.Single(keyring.PrimaryKeys);
        Assert.Equal(PrimaryFingerprint, primary.Fingerprint);
        Assert.True(primary.Subkeys[0].HasValidBinding);
        // A v6 subkey after an unknown-version primary is an orphan: indexed, but bound to nothing.
        byte[] orphan = [.. v5Key, .. Packets(CertificateBytes)[2].Body.Span.Length > 0 ? Packet(14, Packets(CertificateBytes)[2].Body.Span) : []];
        var orphanRing = OpenPgpKeyring.Load(orphan);
        Assert.Empty(orphanRing.PrimaryKeys);
        Assert.False(Assert.Single(orphanRing.FindByKeyId(Convert.ToUInt64(SubkeyFingerprint[..16], 16))).HasValidBinding);
    }
}
