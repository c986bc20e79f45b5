using OstreeSharp.GVariant;
using OstreeSharp.Objects;
using OstreeSharp.Signing;
using OstreeSharp.Signing.Ed25519;
using OstreeSharp.Tests.Support;

namespace OstreeSharp.Tests.Signing.Ostree;

public class Ed25519CommitSigningTests
{
    [Fact]
    public void SignVerifyAndEveryFailureReason()
    {
        using var r = new SigningRepo();
        var a = r.AddCommit("a");
        var b = r.AddCommit("b");
        var unsigned = r.AddCommit("unsigned");
        using var key = Ed25519PrivateKey.Generate();
        using var other = Ed25519PrivateKey.Generate();
        var trust = new Ed25519TrustStore();
        trust.AddTrusted(key.PublicKey);

        byte[] sig = CommitSigner.AddEd25519Signature(r.Repo, a, key);
        Assert.True(key.PublicKey.Verify(r.CommitBytes(a), sig));
        Assert.Equal(key.PublicKey, CommitVerifier.RequireEd25519(r.Repo, a, trust).ValidKey);
        // Signing again adds nothing (deterministic signature); another key appends.
        CommitSigner.AddEd25519Signature(r.Repo, a, key);
        CommitSigner.AddEd25519Signature(r.Repo, a, other);
        Assert.True(r.Repo.ReadDetachedMetadata(a)!.TryGetByteArrays(SignatureMetadataKeys.Ed25519, out var stored));
        Assert.Equal(2, stored.Count);
        Assert.All(stored, s => Assert.Equal(64, s.Length));

        Assert.Equal(SignatureFailureReason.NoSignature, Fail(() => CommitVerifier.RequireEd25519(r.Repo, unsigned, trust)));

        var stranger = new Ed25519TrustStore();
        using var third = Ed25519PrivateKey.Generate();
        stranger.AddTrusted(third.PublicKey);
        Assert.Equal(SignatureFailureReason.UntrustedKey, Fail(() => CommitVerifier.RequireEd25519(r.Repo, a, stranger)));
        Assert.Equal(SignatureFailureReason.NoTrustedKeys, Fail(() => CommitVerifier.RequireEd25519(r.Repo, a, new Ed25519TrustStore())));

        var revoked = new Ed25519TrustStore();
        revoked.AddTrusted(key.PublicKey);
        revoked.AddRevoked(key.PublicKey);
        revoked.AddRevoked(other.PublicKey);
        Assert.Equal(SignatureFailureReason.RevokedKey, Fail(() => CommitVerifier.RequireEd25519(r.Repo, a, revoked)));

        r.CopyDetached(a, b);
        var report = CommitVerifier.VerifyEd25519(r.Repo, b, trust);
        Assert.False(report.IsValid);
        Assert.Equal(SignatureFailureReason.UntrustedKey, report.FailureReason);

        Assert.Equal(1, CommitSigner.DeleteEd25519Signatures(r.Repo, a, key.PublicKey));
        Assert.Equal(0, CommitSigner.DeleteEd25519Signatures(r.Repo, a, key.PublicKey));
        Assert.Equal(SignatureFailureReason.UntrustedKey, Fail(() => CommitVerifier.RequireEd25519(r.Repo, a, trust)));
    }

    [Fact]
    public void OtherDetachedKeysSurviveAndFormatIsAay()
    {
        using var r = new SigningRepo();
        var c = r.AddCommit("c");
        var md = new MetadataDictionary();
        md.SetString("custom", "kept");
        using (var tx = r.Repo.BeginTransaction())
        {
            tx.WriteDetachedMetadata(c, md);
            tx.Commit();
        }
        using var key = Ed25519PrivateKey.Generate();
        CommitSigner.AddEd25519Signature(r.Repo, c, key);
        var after = r.Repo.ReadDetachedMetadata(c)!;
        Assert.True(after.TryGetString("custom", out string v));
        Assert.Equal("kept", v);
        Assert.True(after.TryGetValue(SignatureMetadataKeys.Ed25519, out var entry));
        Assert.Equal("aay", entry.Type.ToString());
        byte[] file = File.ReadAllBytes(r.Repo.GetObjectPath(c, ObjectType.CommitMeta));
        new GVariantReader(file, GVariantType.VarDict).ValidateNormalForm();
    }

    [Fact]
    public void TrustStoreFilesAndDefaults()
    {
        using var dir = new ScratchDir();
        using var k1 = Ed25519PrivateKey.Generate();
        using var k2 = Ed25519PrivateKey.Generate();
        Directory.CreateDirectory(dir.Combine("etc", "ostree", "trusted.ed25519.d"));
        Directory.CreateDirectory(dir.Combine("usr", "share", "ostree"));
        File.WriteAllText(dir.Combine("etc", "ostree", "trusted.ed25519"), k1.PublicKey.ToBase64() + "\n");
        File.WriteAllText(dir.Combine("etc", "ostree", "trusted.ed25519.d", "x"), k2.PublicKey.ToBase64() + "\n");
        File.WriteAllText(dir.Combine("usr", "share", "ostree", "revoked.ed25519"), k2.PublicKey.ToBase64() + "\n");
        var defaults = Ed25519TrustStore.LoadDefaults(dir.Path);
        Assert.Equal([k1.PublicKey, k2.PublicKey], defaults.TrustedKeys);
        Assert.Equal([k1.PublicKey], defaults.UsableKeys);

        var remote = Ed25519TrustStore.ForRemote(k2.PublicKey.ToBase64(), null, dir.Path);
        Assert.Equal([k2.PublicKey], remote.TrustedKeys);
        Assert.True(remote.IsRevoked(k2.PublicKey));
        Assert.Throws<FormatException>(() => Ed25519TrustStore.ForRemote("not base64!", null, dir.Path));
    }

    [Fact]
    public void SummarySignatureFile()
    {
        byte[] summary = "summary bytes"u8.ToArray();
        using var key = Ed25519PrivateKey.Generate();
        byte[] sigFile = SummarySigner.CreateSignatureFile(summary, null, [key]);
        var trust = new Ed25519TrustStore();
        trust.AddTrusted(key.PublicKey);
        Assert.True(SummaryVerifier.RequireEd25519(summary, sigFile, trust).IsValid);
        byte[] changed = "summary bytez"u8.ToArray();
        Assert.Equal(SignatureFailureReason.UntrustedKey, Fail(() => SummaryVerifier.RequireEd25519(changed, sigFile, trust)));
        Assert.Equal(SignatureFailureReason.NoSignature, Fail(() => SummaryVerifier.RequireEd25519(summary, new MetadataDictionary().Serialize(), trust)));
        Assert.Throws<ArgumentException>(() => SummarySigner.CreateSignatureFile(summary, null, null));
    }

    internal static SignatureFailureReason Fail(Action action) => Assert.Throws<SignatureVerificationException>(action).Reason;
}
