using OstreeSharp.Objects;
using OstreeSharp.Signing;
using OstreeSharp.Signing.OpenPgp;
using OstreeSharp.Tests.Signing.OpenPgp;
using OstreeSharp.Tests.Support;
using static OstreeSharp.Tests.Signing.Ostree.Ed25519CommitSigningTests;

namespace OstreeSharp.Tests.Signing.Ostree;

public class GpgCommitSigningTests : IClassFixture<GpgSecretKeyFixture>
{
    private readonly GpgSecretKeyFixture _gpg;

    public GpgCommitSigningTests(GpgSecretKeyFixture gpg) => _gpg = gpg;

    private bool Skip() => _gpg.SkipIfUnavailable();

    [Fact]
    public void SignVerifyAndFailureReasons()
    {
        if (Skip())
        {
            return;
        }
        using var r = new SigningRepo();
        var a = r.AddCommit("a");
        var b = r.AddCommit("b");
        var unsigned = r.AddCommit("u");
        var home = _gpg.EdSubkey;
        using var key = OpenPgpSecretKeyring.Load(_gpg.ExportSecret(home)).SelectSigningKey(null).Unlock(home.Passphrase);
        var keyring = OpenPgpKeyring.Load(_gpg.ExportPublic(home));

        byte[] packet = CommitSigner.AddGpgSignature(r.Repo, a, key);
        // gpg agrees the packet signs the exact .commit bytes.
        Assert.Equal(0, _gpg.Gpgv(_gpg.ExportPublic(home), packet, r.CommitBytes(a)).ExitCode);
        var report = CommitVerifier.RequireGpg(r.Repo, a, keyring);
        Assert.Equal(1, report.CountValid);
        Assert.Equal(key.PublicKey.Fingerprint, report.Results[0].KeyFingerprint);
        Assert.Equal(_gpg.PrimaryFingerprint(home), report.Results[0].PrimaryKeyFingerprint);

        Assert.Equal(SignatureFailureReason.NoSignature, Fail(() => CommitVerifier.RequireGpg(r.Repo, unsigned, keyring)));
        Assert.Equal(SignatureFailureReason.UntrustedKey, Fail(() => CommitVerifier.RequireGpg(r.Repo, a, OpenPgpKeyring.Load(_gpg.ExportPublic(_gpg.RsaPlain)))));
        Assert.Equal(SignatureFailureReason.NoTrustedKeys, Fail(() => CommitVerifier.RequireGpg(r.Repo, a, new OpenPgpKeyring())));
        r.CopyDetached(a, b);
        var bad = Assert.Throws<SignatureVerificationException>(() => CommitVerifier.RequireGpg(r.Repo, b, keyring));
        Assert.Equal(SignatureFailureReason.BadSignature, bad.Reason);
        Assert.Equal(OpenPgpVerificationStatus.BadSignature, bad.GpgReport!.Results[0].Status);

        // A second key's signature; deletion by primary fingerprint removes the subkey's signature.
        using var rsa = OpenPgpSecretKeyring.Load(_gpg.ExportSecret(_gpg.RsaPlain)).SelectSigningKey(null).Unlock();
        CommitSigner.AddGpgSignature(r.Repo, a, rsa);
        var both = new OpenPgpKeyring();
        both.Add(_gpg.ExportPublic(home));
        both.Add(_gpg.ExportPublic(_gpg.RsaPlain));
        Assert.Equal(2, CommitVerifier.VerifyGpg(r.Repo, a, both).CountValid);
        Assert.Equal(1, CommitSigner.DeleteGpgSignatures(r.Repo, a, [_gpg.PrimaryFingerprint(home), "0123456789ABCDEF"], both));
        var left = Assert.Single(CommitVerifier.VerifyGpg(r.Repo, a, both).Results);
        Assert.Equal(rsa.PublicKey.Fingerprint, left.KeyFingerprint);
        Assert.Equal(1, CommitSigner.DeleteGpgSignatures(r.Repo, a, [rsa.PublicKey.KeyIdHex]));
        Assert.Empty(CommitVerifier.VerifyGpg(r.Repo, a, both).Results);
    }

    [Fact]
    public void ExpiredAndRevokedSigners()
    {
        if (Skip())
        {
            return;
        }
        using var r = new SigningRepo();
        var c = r.AddCommit("expired");
        byte[] sig = _gpg.Sign(_gpg.Expired, r.CommitBytes(c), "--faked-system-time", "20200101T010000");
        CommitSigner.AppendGpgSignature(r.Repo, c, sig);
        Assert.Equal(SignatureFailureReason.ExpiredKey, Fail(() => CommitVerifier.RequireGpg(r.Repo, c, OpenPgpKeyring.Load(_gpg.ExportPublic(_gpg.Expired)))));

        var d = r.AddCommit("revoked");
        var secrets = OpenPgpSecretKeyring.Load(_gpg.ExportSecret(_gpg.Revoked));
        using (var revokedKey = secrets.GetSecretKey(secrets.PublicKeys.PrimaryKeys[0])!.Unlock())
        {
            CommitSigner.AddGpgSignature(r.Repo, d, revokedKey);
        }
        Assert.Equal(SignatureFailureReason.RevokedKey, Fail(() => CommitVerifier.RequireGpg(r.Repo, d, OpenPgpKeyring.Load(_gpg.ExportPublic(_gpg.Revoked)))));
        Assert.Throws<OpenPgpFormatException>(() => CommitSigner.AppendGpgSignature(r.Repo, d, [0x88, 0x01, 0x04]));
    }

    [Fact]
    public void SummaryGpgSignatureFileVerifiesWithGpg()
    {
        if (Skip())
        {
            return;
        }
        byte[] summary = "the summary file bytes\0"u8.ToArray();
        var home = _gpg.RsaProtected;
        using var key = OpenPgpSecretKeyring.Load(_gpg.ExportSecret(home)).SelectSigningKey(null).Unlock(home.Passphrase);
        byte[] sigFile = SummarySigner.CreateSignatureFile(summary, [key], null);
        var keyring = OpenPgpKeyring.Load(_gpg.ExportPublic(home));
        Assert.Equal(1, SummaryVerifier.RequireGpg(summary, sigFile, keyring).CountValid);
        Assert.True(MetadataDictionary.Parse(sigFile).TryGetByteArrays(SignatureMetadataKeys.Gpg, out var blobs));
        Assert.Equal(0, _gpg.Gpgv(_gpg.ExportPublic(home), blobs[0], summary).ExitCode);
        byte[] more = SummarySigner.CreateSignatureFile(summary, [key], null, existingSignatureFile: sigFile);
        Assert.Equal(2, SummaryVerifier.VerifyGpg(summary, more, keyring).CountValid);
        Assert.Equal(SignatureFailureReason.BadSignature, Fail(() => SummaryVerifier.RequireGpg("other"u8, sigFile, keyring)));
    }

    [Fact]
    public void KeyringResolution()
    {
        if (Skip())
        {
            return;
        }
        using var dir = new ScratchDir();
        string repo = dir.Combine("repo");
        Directory.CreateDirectory(Path.Combine(repo, "remotes.d"));
        string global = dir.Combine("global");
        Directory.CreateDirectory(global);
        File.WriteAllBytes(Path.Combine(global, "a.gpg"), _gpg.ExportPublic(_gpg.RsaPlain));
        string extra = dir.Combine("extra.gpg");
        File.WriteAllBytes(extra, _gpg.ExportPublic(_gpg.EdPlain));

        // No per-remote keyring: global directory plus gpgkeypath.
        var k = GpgKeyringResolver.ForRemote(repo, "origin", [extra], global);
        Assert.Equal(2, k.PrimaryKeys.Count);
        // A per-remote keyring replaces the global ones.
        File.WriteAllBytes(Path.Combine(repo, "remotes.d", "origin.trustedkeys.gpg"), _gpg.ExportPublic(_gpg.EdSubkey));
        k = GpgKeyringResolver.ForRemote(repo, "origin", null, global);
        Assert.Equal(_gpg.PrimaryFingerprint(_gpg.EdSubkey), Assert.Single(k.PrimaryKeys).Fingerprint);
        File.WriteAllBytes(Path.Combine(repo, "origin.trustedkeys.gpg"), _gpg.ExportPublic(_gpg.Rsa4096));
        k = GpgKeyringResolver.ForRemote(repo, "origin", [extra], global);
        Assert.Equal([_gpg.PrimaryFingerprint(_gpg.Rsa4096), _gpg.PrimaryFingerprint(_gpg.EdPlain)], k.PrimaryKeys.Select(p => p.Fingerprint));
    }
}
