using System.Text;
using OstreeSharp.Signing;
using OstreeSharp.Signing.OpenPgp;
using OstreeSharp.Tests.Signing.Ostree;
using static OstreeSharp.Tests.Signing.OpenPgp.OpenPgpV6Vectors;

namespace OstreeSharp.Tests.Signing.OpenPgp;

/// <summary>
/// Signature blobs mixing versions: gpg's v4 signatures (gpg 2.2 makes v4 only), v6 signatures made with the RFC 9580
/// vector key, and packets of versions this code does not read (v3, v5, a future 7). Each is reported on its own; an
/// unreadable version never hides a valid signature.
/// </summary>
public class OpenPgpMixedVersionTests : IClassFixture<GpgFixture>
{
    private static readonly byte[] Data = Encoding.UTF8.GetBytes("commit bytes \0\x01\x02 for ostree\n");
    private readonly GpgFixture _gpg;

    public OpenPgpMixedVersionTests(GpgFixture gpg) => _gpg = gpg;

    private static OpenPgpSigningKey V6Key() => OpenPgpSecretKeyring.Load(SecretKeyBytes).SecretKeys[0].Unlock();

    /// <summary>Signature packets of versions 3, 5 and 7 (bodies shaped like their versions, none readable here).</summary>
    private static byte[] UnknownVersionSignatures()
    {
        byte[] v3 = [3, 5, 0x00, 0x63, 0x87, 0x7F, 0xE3, 1, 2, 3, 4, 5, 6, 7, 8, 1, 8, 0xAB, 0xCD, 0, 8, 0xFF];
        byte[] v5 = [5, 0x00, 27, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0x12, 0x34, .. new byte[64]];
        byte[] v7 = [7, 0xFF];
        return [.. Packet(2, v3), .. Packet(2, v5), .. Packet(2, v7)];
    }

    [Fact]
    public void UnknownVersionsDoNotHideAValidV6Signature()
    {
        using var key = V6Key();
        byte[] blob = [.. UnknownVersionSignatures(), .. key.SignDetached(Data)];
        var results = OpenPgpKeyring.Load(CertificateBytes).VerifyDetached(Data, blob);
        Assert.Equal(
            [OpenPgpVerificationStatus.UnsupportedVersion, OpenPgpVerificationStatus.UnsupportedVersion,
             OpenPgpVerificationStatus.UnsupportedVersion, OpenPgpVerificationStatus.Valid],
            results.Select(r => r.Status));
        Assert.Equal([3, 5, 7, 6], results.Select(r => r.Signature.Version));
        Assert.All(results.Take(3), r => Assert.False(r.Signature.IsVersionSupported));
        var report = new GpgVerificationReport(results);
        Assert.True(report.HasValidSignature);
        Assert.Equal(1, report.CountValid);
        Assert.Null(report.FailureReason);
        Assert.Contains("Found 4 signatures", report.Describe(TimeZoneInfo.Utc), StringComparison.Ordinal);
        // OpenPgpSignature.Parse itself still refuses the versions it cannot read.
        Assert.Throws<OpenPgpFormatException>(() => OpenPgpSignature.Parse(Packets(UnknownVersionSignatures())[1].Body.Span));
        // Only unknown versions: no valid signature, a failure but no exception.
        var none = new GpgVerificationReport(OpenPgpKeyring.Load(CertificateBytes).VerifyDetached(Data, UnknownVersionSignatures()));
        Assert.False(none.HasValidSignature);
        Assert.Equal(SignatureFailureReason.Other, none.FailureReason);
    }

    [Fact]
    public void GpgV4AndV6AndUnknownVersionSignaturesVerifyIndependently()
    {
        if (_gpg.SkipIfUnavailable())
            return;
        using var key = V6Key();
        byte[] v4 = _gpg.SignDetached(_gpg.HomeA, Data);
        byte[] v6 = key.SignDetached(Data);
        var keyring = OpenPgpKeyring.Load(Cat(_gpg.Export(_gpg.HomeA), CertificateBytes));

        var results = keyring.VerifyDetached(Data, Cat(v4, UnknownVersionSignatures(), v6));
        Assert.Equal(5, results.Count);
        Assert.Equal(OpenPgpVerificationStatus.Valid, results[0].Status);
        Assert.Equal(4, results[0].Signature.Version);
        Assert.Equal(OpenPgpVerificationStatus.Valid, results[4].Status);
        Assert.Equal(PrimaryFingerprint, results[4].KeyFingerprint);
        Assert.Equal(2, new GpgVerificationReport(results).CountValid);

        // The v4 key alone: v4 valid, v6 by an unknown key, unknown versions skipped.
        var v4Only = OpenPgpKeyring.Load(_gpg.Export(_gpg.HomeA)).VerifyDetached(Data, Cat(v6, UnknownVersionSignatures(), v4));
        Assert.Equal(OpenPgpVerificationStatus.UnknownKey, v4Only[0].Status);
        Assert.Equal(OpenPgpVerificationStatus.Valid, v4Only[^1].Status);
        Assert.True(new GpgVerificationReport(v4Only).HasValidSignature);

        // The v6 key alone, with the v4 signature's data tampered: v4 unknown, v6 bad.
        byte[] other = [.. Data, 0x00];
        var bad = OpenPgpKeyring.Load(CertificateBytes).VerifyDetached(other, Cat(v4, v6));
        Assert.Equal([OpenPgpVerificationStatus.UnknownKey, OpenPgpVerificationStatus.BadSignature], bad.Select(r => r.Status));
        Assert.Equal(SignatureFailureReason.BadSignature, new GpgVerificationReport(bad).FailureReason);

        // Armored: gpg's armored v4 signature and our v6 one in two blocks of one text.
        string armored = Encoding.ASCII.GetString(_gpg.SignDetached(_gpg.HomeA, Data, armor: true))
            + OpenPgpArmor.Encode("PGP SIGNATURE", v6);
        Assert.All(keyring.VerifyDetached(Data, Encoding.ASCII.GetBytes(armored)), r => Assert.True(r.IsValid));
    }

    [Fact]
    public void V6KeyRingNextToGpgKeysKeepsV4BehaviourIntact()
    {
        if (_gpg.SkipIfUnavailable())
            return;
        // Loading the v6 certificate alongside gpg's keys changes nothing about the v4 keys.
        byte[] export = _gpg.Export(_gpg.HomeB);
        var alone = OpenPgpKeyring.Load(export);
        var mixed = OpenPgpKeyring.Load(Cat(CertificateBytes, export, CertificateBytes));
        Assert.Equal(3, mixed.PrimaryKeys.Count);
        var a = alone.PrimaryKeys[0];
        var b = mixed.PrimaryKeys[1];
        Assert.Equal(a.Fingerprint, b.Fingerprint);
        Assert.Equal(a.KeyFlags, b.KeyFlags);
        Assert.Equal(a.Subkeys.Select(s => (s.Fingerprint, s.HasValidBinding, s.KeyFlags)), b.Subkeys.Select(s => (s.Fingerprint, s.HasValidBinding, s.KeyFlags)));
        byte[] sig = _gpg.SignDetached(_gpg.HomeB, Data);
        Assert.Equal(alone.VerifyDetached(Data, sig)[0].KeyFingerprint, mixed.VerifyDetached(Data, sig)[0].KeyFingerprint);
        Assert.True(mixed.VerifyDetached(Data, sig)[0].IsValid);
    }

    [Fact]
    public void CommitSignedWithTheV6KeyVerifiesThroughCommitVerifier()
    {
        using var r = new SigningRepo();
        var a = r.AddCommit("a");
        var b = r.AddCommit("b");
        using var key = V6Key();
        var keyring = OpenPgpKeyring.Load(CertificateBytes);

        byte[] packet = CommitSigner.AddGpgSignature(r.Repo, a, key);
        var sig = OpenPgpSignature.Parse(Packets(packet)[0].Body.Span);
        Assert.Equal(6, sig.Version);
        var report = CommitVerifier.RequireGpg(r.Repo, a, keyring);
        Assert.Equal(1, report.CountValid);
        Assert.Equal(PrimaryFingerprint, report.Results[0].KeyFingerprint);
        Assert.Equal(PrimaryFingerprint, report.Results[0].PrimaryKeyFingerprint);
        Assert.Contains("Good signature", report.Describe(TimeZoneInfo.Utc), StringComparison.Ordinal);
        Assert.Contains(PrimaryFingerprint[..16], report.Describe(TimeZoneInfo.Utc), StringComparison.Ordinal);

        // Appending an unknown-version packet to the commit's signatures does not break verification.
        CommitSigner.AppendGpgSignature(r.Repo, a, key.SignDetached(r.CommitBytes(a)));
        Assert.Equal(2, CommitVerifier.RequireGpg(r.Repo, a, keyring).CountValid);

        // The signatures moved to another commit are bad.
        r.CopyDetached(a, b);
        var bad = Assert.Throws<SignatureVerificationException>(() => CommitVerifier.RequireGpg(r.Repo, b, keyring));
        Assert.Equal(SignatureFailureReason.BadSignature, bad.Reason);

        // Deleting by the v6 key ID removes one signature; by the whole 64-digit fingerprint, the other. The tail of a
        // v6 fingerprint is not its key ID, so it names nothing.
        Assert.Equal(0, CommitSigner.DeleteGpgSignatures(r.Repo, a, [PrimaryFingerprint[^16..]], keyring));
        Assert.Equal(1, CommitSigner.DeleteGpgSignatures(r.Repo, a, [PrimaryFingerprint[..16]], keyring));
        Assert.Equal(1, CommitVerifier.RequireGpg(r.Repo, a, keyring).CountValid);
        Assert.Equal(1, CommitSigner.DeleteGpgSignatures(r.Repo, a, [PrimaryFingerprint], keyring));
        Assert.Throws<SignatureVerificationException>(() => CommitVerifier.RequireGpg(r.Repo, a, keyring));
    }

    [Theory]
    [InlineData(PrimaryFingerprint, true)]
    [InlineData("0x" + PrimaryFingerprint, true)]
    [InlineData("cb186c4f0609a697", true)]     // v6 key ID: the first 8 bytes of the fingerprint
    [InlineData("0609A697", true)]             // short key ID: the low half of the key ID
    [InlineData("6525EC27BAD9ACC9", false)]    // the fingerprint's tail is a v4 key ID, not a v6 one
    [InlineData("CB186C4F0609A69", false)]     // 15 digits
    [InlineData("CB186C4F0609A69X", false)]
    [InlineData("Alice", false)]
    public void V6KeySpecsMatchLikeGpg(string spec, bool expected)
    {
        var key = OpenPgpKeyring.Load(CertificateBytes).PrimaryKeys[0];
        Assert.Equal(expected, key.MatchesHexSpec(spec));
    }
}
