using System.Security.Cryptography;
using System.Text;
using OstreeSharp.Signing.OpenPgp;

namespace OstreeSharp.Tests.Signing.OpenPgp;

public class OpenPgpSecretKeyGpgTests : IClassFixture<GpgSecretKeyFixture>
{
    private readonly GpgSecretKeyFixture _gpg;
    private static readonly byte[] Data = Encoding.UTF8.GetBytes("signed by OstreeSharp \0\xff\n");

    public OpenPgpSecretKeyGpgTests(GpgSecretKeyFixture gpg) => _gpg = gpg;

    private bool Skip() => _gpg.SkipIfUnavailable();

    [Fact]
    public void SelectsTheKeyGpgSignsWith()
    {
        if (Skip())
        {
            return;
        }
        foreach (var home in _gpg.Signers)
        {
            foreach (bool armor in new[] { false, true })
            {
                var secrets = OpenPgpSecretKeyring.Load(_gpg.ExportSecret(home, armor));
                var gpgSig = _gpg.Sign(home, Data);
                var issuer = Assert.Single(secrets.PublicKeys.VerifyDetached(Data, gpgSig));
                Assert.Equal(OpenPgpVerificationStatus.Valid, issuer.Status);
                foreach (string? spec in new[] { null, _gpg.PrimaryFingerprint(home), _gpg.PrimaryFingerprint(home)[^16..], home.Name })
                {
                    var chosen = secrets.SelectSigningKey(spec);
                    Assert.Equal(issuer.KeyFingerprint, chosen.PublicKey.Fingerprint);
                    Assert.Equal(home.SigningSubkey, chosen.PublicKey.IsSubkey);
                    Assert.Equal(home.Passphrase.Length > 0, chosen.IsProtected);
                }
            }
        }
    }

    [Theory]
    [InlineData(OpenPgpHashAlgorithm.Sha256)]
    [InlineData(OpenPgpHashAlgorithm.Sha512)]
    public void GpgvAcceptsOurSignatures(OpenPgpHashAlgorithm digest)
    {
        if (Skip())
        {
            return;
        }
        foreach (var home in _gpg.Signers)
        {
            var secrets = OpenPgpSecretKeyring.Load(_gpg.ExportSecret(home));
            using var key = secrets.SelectSigningKey(null).Unlock(home.Passphrase);
            byte[] sig = key.SignDetached(Data, new OpenPgpSignOptions { HashAlgorithm = digest });
            byte[] pub = _gpg.ExportPublic(home);
            var (code, status) = _gpg.Gpgv(pub, sig, Data);
            Assert.True(code == 0, $"{home.Name}: gpgv rejected our signature: {status}");
            Assert.Contains($"VALIDSIG {key.PublicKey.Fingerprint}", status, StringComparison.Ordinal);
            Assert.Contains($"GOODSIG {key.PublicKey.KeyIdHex}", status, StringComparison.Ordinal);

            // gpg --verify in the key's own homedir too, and ours.
            _gpg.Run(home, "--verify", _gpg.WriteTemp(sig), _gpg.WriteTemp(Data));
            var ours = Assert.Single(OpenPgpKeyring.Load(pub).VerifyDetached(Data, sig));
            Assert.Equal(OpenPgpVerificationStatus.Valid, ours.Status);
            Assert.Equal(digest, ours.Signature.HashAlgorithm);

            byte[] other = (byte[])Data.Clone();
            other[^1] ^= 1;
            Assert.NotEqual(0, _gpg.Gpgv(pub, sig, other).ExitCode);
        }
    }

    [Fact]
    public void SignaturePacketLooksLikeGpgs()
    {
        if (Skip())
        {
            return;
        }
        var home = _gpg.EdPlain;
        var secrets = OpenPgpSecretKeyring.Load(_gpg.ExportSecret(home));
        using var key = secrets.SelectSigningKey(null).Unlock();
        var created = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        byte[] ours = key.SignDetached(Data, new OpenPgpSignOptions { CreationTime = created });
        byte[] theirs = _gpg.Sign(home, Data, "--digest-algo", "SHA256");
        var a = new OpenPgpPacketReader(ours);
        var b = new OpenPgpPacketReader(theirs);
        Assert.True(a.TryRead(out var pa));
        Assert.True(b.TryRead(out var pb));
        var sa = OpenPgpSignature.Parse(pa.Body.Span);
        var sb = OpenPgpSignature.Parse(pb.Body.Span);
        Assert.Equal(sb.Subpackets.Select(s => (s.Type, s.IsHashed)), sa.Subpackets.Select(s => (s.Type, s.IsHashed)));
        Assert.Equal(created, sa.CreationTime);
        Assert.Equal(sb.IssuerFingerprint.ToArray(), sa.IssuerFingerprint.ToArray());
        Assert.Equal(pb.Body.Length, pa.Body.Length, tolerance: 2); // MPIs may lose leading zero bytes
        Assert.False(a.TryRead(out _));
        // Ed25519 signatures are deterministic: same key, data and creation time => same packet.
        Assert.Equal(ours, key.SignDetached(Data, new OpenPgpSignOptions { CreationTime = created }));
    }

    [Fact]
    public void WrongPassphraseIsTyped()
    {
        if (Skip())
        {
            return;
        }
        foreach (var home in new[] { _gpg.RsaProtected, _gpg.EdSubkey })
        {
            var secret = OpenPgpSecretKeyring.Load(_gpg.ExportSecret(home)).SelectSigningKey(null);
            Assert.Throws<OpenPgpPassphraseException>(() => secret.Unlock("wrong"));
            Assert.Throws<OpenPgpPassphraseException>(() => secret.Unlock(null));
            using var ok = secret.Unlock(home.Passphrase);
            Assert.Equal(secret.PublicKey, ok.PublicKey);
        }
    }

    [Fact]
    public void SubkeyOnlyExportHasStubPrimary()
    {
        if (Skip())
        {
            return;
        }
        var home = _gpg.RsaSubkey;
        var secrets = OpenPgpSecretKeyring.Load(_gpg.Run(home, "--export-secret-subkeys"));
        var primary = secrets.GetSecretKey(secrets.PublicKeys.PrimaryKeys[0])!;
        Assert.False(primary.HasSecretMaterial);
        Assert.Throws<InvalidOperationException>(() => primary.Unlock(home.Passphrase));
        var chosen = secrets.SelectSigningKey(null);
        Assert.True(chosen.PublicKey.IsSubkey);
        using var key = chosen.Unlock(home.Passphrase);
        Assert.Equal(0, _gpg.Gpgv(_gpg.ExportPublic(home), key.SignDetached(Data), Data).ExitCode);
        // Asking for the primary exactly fails: its secret is not there.
        Assert.Throws<OpenPgpKeyNotFoundException>(() => secrets.SelectSigningKey(_gpg.PrimaryFingerprint(home) + "!"));
        Assert.Throws<OpenPgpKeyNotFoundException>(() => secrets.SelectSigningKey("nobody@example.com"));
    }

    [Fact]
    public void ExactSubkeyAndPrimarySelection()
    {
        if (Skip())
        {
            return;
        }
        var home = _gpg.EdSubkey;
        var secrets = OpenPgpSecretKeyring.Load(_gpg.ExportSecret(home));
        var primary = secrets.PublicKeys.PrimaryKeys[0];
        var sub = Assert.Single(primary.Subkeys);
        Assert.Equal(sub, secrets.SelectSigningKey(sub.KeyIdHex + "!").PublicKey);
        Assert.Equal(sub, secrets.SelectSigningKey(primary.KeyIdHex).PublicKey);
        // The primary is certify-only: it cannot be chosen to sign data.
        Assert.Throws<OpenPgpKeyNotFoundException>(() => secrets.SelectSigningKey(primary.Fingerprint + "!"));
        Assert.Equal(0x01, primary.KeyFlags);
        Assert.Equal(0x02, sub.KeyFlags);
    }

    [Fact]
    public void ExpiredAndRevokedKeysAreReported()
    {
        if (Skip())
        {
            return;
        }
        var expired = OpenPgpKeyring.Load(_gpg.ExportPublic(_gpg.Expired));
        var r = Assert.Single(expired.VerifyDetached(GpgSecretKeyFixture.Message, _gpg.ExpiredSignature));
        Assert.Equal(OpenPgpVerificationStatus.KeyExpired, r.Status);
        Assert.True(r.IsKeyExpired);
        Assert.False(r.IsValid);
        Assert.Equal(new DateTimeOffset(2020, 1, 2, 0, 0, 0, TimeSpan.Zero), r.KeyExpirationTime);
        // Judged at a time inside the validity period it is good.
        var then = Assert.Single(expired.VerifyDetached(GpgSecretKeyFixture.Message, _gpg.ExpiredSignature,
            new OpenPgpVerifyOptions { Now = new DateTimeOffset(2020, 1, 1, 12, 0, 0, TimeSpan.Zero) }));
        Assert.Equal(OpenPgpVerificationStatus.Valid, then.Status);
        var gpgv = _gpg.Gpgv(_gpg.ExportPublic(_gpg.Expired), _gpg.ExpiredSignature, GpgSecretKeyFixture.Message);
        Assert.Contains("EXPKEYSIG", gpgv.Status, StringComparison.Ordinal);

        var revoked = OpenPgpKeyring.Load(_gpg.ExportPublic(_gpg.Revoked));
        Assert.True(revoked.PrimaryKeys[0].IsRevoked);
        var rv = Assert.Single(revoked.VerifyDetached(GpgSecretKeyFixture.Message, _gpg.RevokedSignature));
        Assert.Equal(OpenPgpVerificationStatus.KeyRevoked, rv.Status);
        Assert.True(rv.IsKeyRevoked);
        Assert.Contains("REVKEYSIG", _gpg.Gpgv(_gpg.ExportPublic(_gpg.Revoked), _gpg.RevokedSignature, GpgSecretKeyFixture.Message).Status, StringComparison.Ordinal);

        // Neither can be chosen to sign.
        Assert.Throws<OpenPgpKeyNotFoundException>(() => OpenPgpSecretKeyring.Load(_gpg.ExportSecret(_gpg.Expired)).SelectSigningKey(null));
        Assert.Throws<OpenPgpKeyNotFoundException>(() => OpenPgpSecretKeyring.Load(_gpg.ExportSecret(_gpg.Revoked)).SelectSigningKey(null));
    }

    [Fact]
    public void RevokedSubkeyIsReportedAndNotChosen()
    {
        if (Skip())
        {
            return;
        }
        var home = _gpg.SubkeyRevoked;
        byte[] pub = _gpg.ExportPublic(home);
        var keyring = OpenPgpKeyring.Load(pub);
        var primary = Assert.Single(keyring.PrimaryKeys);
        Assert.Equal(2, primary.Subkeys.Count);
        Assert.False(primary.Subkeys[0].IsRevoked);
        Assert.True(primary.Subkeys[1].IsRevoked);
        Assert.False(primary.IsRevoked);
        var r = Assert.Single(keyring.VerifyDetached(GpgSecretKeyFixture.Message, _gpg.RevokedSubkeySignature));
        Assert.Equal(primary.Subkeys[1], r.Key);
        Assert.Equal(OpenPgpVerificationStatus.KeyRevoked, r.Status);
        Assert.Contains("REVKEYSIG", _gpg.Gpgv(pub, _gpg.RevokedSubkeySignature, GpgSecretKeyFixture.Message).Status, StringComparison.Ordinal);

        // The newer subkey is revoked, so the older one signs — as gpg chooses.
        var secrets = OpenPgpSecretKeyring.Load(_gpg.ExportSecret(home));
        Assert.Equal(primary.Subkeys[0].Fingerprint, secrets.SelectSigningKey(null).PublicKey.Fingerprint);
        byte[] gpgNow = _gpg.Sign(home, Data);
        Assert.Equal(primary.Subkeys[0].Fingerprint, Assert.Single(keyring.VerifyDetached(Data, gpgNow)).KeyFingerprint);
    }

    [Fact]
    public void SignatureExpiryAndFutureSignatures()
    {
        if (Skip())
        {
            return;
        }
        var home = _gpg.EdPlain;
        var secrets = OpenPgpSecretKeyring.Load(_gpg.ExportSecret(home));
        using var key = secrets.SelectSigningKey(null).Unlock();
        byte[] pub = _gpg.ExportPublic(home);
        var keyring = OpenPgpKeyring.Load(pub);
        var past = DateTimeOffset.UtcNow.AddHours(-2);
        byte[] shortLived = key.SignDetached(Data, new OpenPgpSignOptions { CreationTime = past, Expiry = TimeSpan.FromHours(1) });
        // The key was created just now, so a signature two hours old predates it: a time conflict, as gpg says.
        Assert.Equal(OpenPgpVerificationStatus.TimeConflict, Assert.Single(keyring.VerifyDetached(Data, shortLived)).Status);

        var later = key.PublicKey.CreationTime.AddSeconds(10);
        byte[] sig = key.SignDetached(Data, new OpenPgpSignOptions { CreationTime = later, Expiry = TimeSpan.FromSeconds(60) });
        var expiredSig = Assert.Single(keyring.VerifyDetached(Data, sig, new OpenPgpVerifyOptions { Now = later.AddMinutes(5) }));
        Assert.Equal(OpenPgpVerificationStatus.SignatureExpired, expiredSig.Status);
        Assert.True(expiredSig.IsSignatureExpired);
        Assert.Equal(later.AddSeconds(60), expiredSig.SignatureExpirationTime);
        Assert.Equal(OpenPgpVerificationStatus.Valid,
            Assert.Single(keyring.VerifyDetached(Data, sig, new OpenPgpVerifyOptions { Now = later.AddSeconds(30) })).Status);

        byte[] future = key.SignDetached(Data, new OpenPgpSignOptions { CreationTime = DateTimeOffset.UtcNow.AddDays(30) });
        Assert.Equal(OpenPgpVerificationStatus.Valid, Assert.Single(keyring.VerifyDetached(Data, future)).Status);
        Assert.Equal(0, _gpg.Gpgv(pub, future, Data).ExitCode); // gpg accepts them too
        Assert.Equal(OpenPgpVerificationStatus.FutureSignature,
            Assert.Single(keyring.VerifyDetached(Data, future, new OpenPgpVerifyOptions { RejectFutureSignatures = true })).Status);
    }

    [Theory]
    [InlineData(9, OpenPgpHashAlgorithm.Sha256, 254)]
    [InlineData(9, OpenPgpHashAlgorithm.Sha256, 255)]
    [InlineData(7, OpenPgpHashAlgorithm.Sha1, 255)]
    [InlineData(8, OpenPgpHashAlgorithm.Sha512, 254)]
    public void OtherProtectionsRoundTripThroughGpg(int cipher, OpenPgpHashAlgorithm s2kHash, int usage)
    {
        if (Skip())
        {
            return;
        }
        // Re-protect gpg's unprotected export with an independent S2K/CFB implementation, have gpg import it and sign
        // with the passphrase (so the encoding is right), then unlock it ourselves.
        foreach (var source in new[] { _gpg.EdPlain, _gpg.RsaPlain })
        {
            byte[] reprotected = SecretKeyProtector.Protect(_gpg.ExportSecret(source), "s3cret", cipher, s2kHash, usage);
            var secrets = OpenPgpSecretKeyring.Load(reprotected);
            var secret = secrets.SelectSigningKey(null);
            Assert.True(secret.IsProtected);
            Assert.Throws<OpenPgpPassphraseException>(() => secret.Unlock("S3cret"));
            using var key = secret.Unlock("s3cret");
            byte[] pub = _gpg.ExportPublic(source);
            Assert.Equal(0, _gpg.Gpgv(pub, key.SignDetached(Data), Data).ExitCode);

            var fresh = new GpgSecretKeyFixture.Home("import", Path.Combine(Path.GetTempPath(), "ostreesharp-gpg-" + Guid.NewGuid().ToString("N")[..10]), "s3cret", false);
            Directory.CreateDirectory(fresh.Path);
            File.SetUnixFileMode(fresh.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            try
            {
                _gpg.RunWith(fresh, null, "--import", _gpg.WriteTemp(reprotected));
                byte[] gpgSig = _gpg.Sign(fresh, Data);
                Assert.Equal(OpenPgpVerificationStatus.Valid, Assert.Single(OpenPgpKeyring.Load(pub).VerifyDetached(Data, gpgSig)).Status);
            }
            finally
            {
                GpgTool.KillAgent(fresh.Path);
                Directory.Delete(fresh.Path, recursive: true);
            }
        }
    }

    [Fact]
    public void TruncatedSecretKeysOnlyThrowFormatException()
    {
        if (Skip())
        {
            return;
        }
        foreach (var home in new[] { _gpg.EdSubkey, _gpg.RsaPlain })
        {
            byte[] data = _gpg.ExportSecret(home);
            for (int cut = 0; cut < data.Length; cut += Math.Max(1, data.Length / 97))
            {
                try
                {
                    var k = OpenPgpSecretKeyring.Load(data.AsMemory(0, cut));
                    foreach (var s in k.SecretKeys.Where(s => s.HasSecretMaterial))
                    {
                        try
                        {
                            s.Unlock(home.Passphrase).Dispose();
                        }
                        catch (OpenPgpPassphraseException)
                        {
                        }
                    }
                }
                catch (OpenPgpFormatException)
                {
                }
            }
            for (int i = 0; i < data.Length; i += 13)
            {
                byte[] flipped = (byte[])data.Clone();
                flipped[i] ^= 0x40;
                try
                {
                    foreach (var s in OpenPgpSecretKeyring.Load(flipped).SecretKeys.Where(s => s.HasSecretMaterial))
                    {
                        try
                        {
                            s.Unlock(home.Passphrase).Dispose();
                        }
                        catch (OpenPgpPassphraseException)
                        {
                        }
                    }
                }
                catch (OpenPgpFormatException)
                {
                }
            }
        }
    }
}
