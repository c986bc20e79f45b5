using OstreeSharp.Interop.Tests.Infrastructure;
using OstreeSharp.Objects;
using OstreeSharp.Repository;
using OstreeSharp.Signing;
using OstreeSharp.Signing.Ed25519;
using Xunit.Abstractions;

namespace OstreeSharp.Interop.Tests.Signing;

/// <summary>
/// ostree 2022.7 on Debian has no ed25519 support, so the signapi path is checked against OpenSSL: our
/// <c>commit --sign</c> signatures verify with <c>openssl pkeyutl</c> over the exact commit bytes, and OpenSSL's
/// signatures stored in <c>ostree.sign.ed25519</c> pass <c>ostree-sharp sign --verify</c>.
/// </summary>
public sealed class Ed25519CliInteropTests(ITestOutputHelper output)
{
    private static readonly byte[] SpkiPrefix = Convert.FromHexString("302a300506032b6570032100");

    private static void Ok(ProcessResult r, string what) => Assert.True(r.ExitCode == 0, $"{what}: {r}");

    private static bool HaveOpenSsl() => File.Exists("/usr/bin/openssl");

    private static string PublicPem(TempDir dir, Ed25519PublicKey key)
    {
        string path = dir.Combine("pub-" + Guid.NewGuid().ToString("N")[..6] + ".pem");
        File.WriteAllText(path, "-----BEGIN PUBLIC KEY-----\n" + Convert.ToBase64String([.. SpkiPrefix, .. key.Span]) + "\n-----END PUBLIC KEY-----\n");
        return path;
    }

    [Fact]
    public void CommitSignVerifiesWithOpenSslAndOurVerify()
    {
        if (!RealOstree.IsAvailableOrSkip(output) || !HaveOpenSsl())
        {
            return;
        }
        using var dir = new TempDir();
        string repo = dir.Combine("repo");
        Ok(RealOstree.Run("init", "--repo=" + repo, "--mode=archive"), "init");
        Directory.CreateDirectory(dir.Combine("tree"));
        File.WriteAllText(dir.Combine("tree", "f"), "ed25519");
        using var key = Ed25519PrivateKey.Generate();
        string secret = Convert.ToBase64String(key.ExportLibsodiumSecretKey());
        string pub = key.PublicKey.ToBase64();
        Ok(CliRunner.Run("commit", "--repo=" + repo, "-b", "main", "--tree=dir=" + dir.Combine("tree"), "-s", "s", "--sign=" + secret, "--sign-type=ed25519"), "commit --sign");

        var verified = CliRunner.Run("sign", "--repo=" + repo, "--verify", "main", pub);
        Ok(verified, "sign --verify");
        Assert.Equal("ed25519: Signature verified\n", verified.Stdout);
        using var other = Ed25519PrivateKey.Generate();
        var refused = CliRunner.Run("sign", "--repo=" + repo, "--verify", "main", other.PublicKey.ToBase64());
        Assert.Equal(1, refused.ExitCode);
        Assert.Equal("error: No valid signatures found\n", refused.Stderr);

        using var r = OstreeRepo.Open(repo);
        var commit = r.ResolveRev("main");
        Assert.True(r.ReadDetachedMetadata(commit)!.TryGetByteArrays(SignatureMetadataKeys.Ed25519, out var sigs));
        string sigFile = dir.Combine("sig");
        File.WriteAllBytes(sigFile, Assert.Single(sigs));
        Ok(ProcessRunner.Run("openssl", ["pkeyutl", "-verify", "-pubin", "-inkey", PublicPem(dir, key.PublicKey), "-rawin",
            "-in", r.GetObjectPath(commit, ObjectType.Commit), "-sigfile", sigFile]), "openssl pkeyutl -verify");

        // --delete by public key, then verification fails.
        Ok(CliRunner.Run("sign", "--repo=" + repo, "--delete", "main", pub), "sign --delete");
        Assert.Equal(1, CliRunner.Run("sign", "--repo=" + repo, "--verify", "main", pub).ExitCode);
        Assert.Equal("error: Requested signature type is not implemented\n", CliRunner.Run("sign", "--repo=" + repo, "-s", "spki", "main", secret).Stderr);
    }

    [Fact]
    public void KeysFileSignsVerifiesAndDeletes()
    {
        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }
        using var dir = new TempDir();
        string repo = dir.Combine("repo");
        Ok(RealOstree.Run("init", "--repo=" + repo, "--mode=archive"), "init");
        Directory.CreateDirectory(dir.Combine("tree"));
        File.WriteAllText(dir.Combine("tree", "f"), "keys-file");
        Ok(RealOstree.Run("commit", "--repo=" + repo, "-b", "main", "--tree=dir=" + dir.Combine("tree")), "commit");
        using var a = Ed25519PrivateKey.Generate();
        using var b = Ed25519PrivateKey.Generate();
        using var other = Ed25519PrivateKey.Generate();
        string secrets = dir.Combine("secret.ed25519"), publics = dir.Combine("trusted.ed25519"), others = dir.Combine("other.ed25519");
        File.WriteAllText(secrets, "# two signing keys\n" + Convert.ToBase64String(a.ExportLibsodiumSecretKey()) + "\n\n" + Convert.ToBase64String(b.ExportLibsodiumSecretKey()) + "\n");
        File.WriteAllText(publics, a.PublicKey.ToBase64() + "\n" + b.PublicKey.ToBase64() + "\n");
        File.WriteAllText(others, other.PublicKey.ToBase64() + "\n");

        Ok(CliRunner.Run("sign", "--repo=" + repo, "--keys-file=" + secrets, "main"), "sign --keys-file");
        using (var r = OstreeRepo.Open(repo))
        {
            Assert.True(r.ReadDetachedMetadata(r.ResolveRev("main"))!.TryGetByteArrays(SignatureMetadataKeys.Ed25519, out var sigs));
            Assert.Equal(2, sigs.Count);
        }
        Ok(CliRunner.Run("sign", "--repo=" + repo, "--verify", "--keys-file=" + publics, "main"), "verify with public keys file");
        Ok(CliRunner.Run("sign", "--repo=" + repo, "--verify", "--keys-file=" + secrets, "main"), "verify with the secret keys file");
        Assert.Equal("error: No valid signatures found\n", CliRunner.Run("sign", "--repo=" + repo, "--verify", "--keys-file=" + others, "main").Stderr);
        Ok(CliRunner.Run("sign", "--repo=" + repo, "--delete", "--keys-file=" + publics, "main"), "delete with keys file");
        Assert.Equal(1, CliRunner.Run("sign", "--repo=" + repo, "--verify", "--keys-file=" + publics, "main").ExitCode);
        File.WriteAllText(dir.Combine("bad"), "not a key\n");
        var bad = CliRunner.Run("sign", "--repo=" + repo, "--verify", "--keys-file=" + dir.Combine("bad"), "main");
        Assert.Equal(1, bad.ExitCode);
        Assert.StartsWith("error: Can't load keys from", bad.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenSslSignatureVerifiesWithOurSignVerify()
    {
        if (!RealOstree.IsAvailableOrSkip(output) || !HaveOpenSsl())
        {
            return;
        }
        using var dir = new TempDir();
        string repo = dir.Combine("repo");
        Ok(RealOstree.Run("init", "--repo=" + repo, "--mode=archive"), "init");
        Directory.CreateDirectory(dir.Combine("tree"));
        File.WriteAllText(dir.Combine("tree", "f"), "openssl");
        Ok(RealOstree.Run("commit", "--repo=" + repo, "-b", "main", "--tree=dir=" + dir.Combine("tree"), "-s", "s"), "commit");
        string pem = dir.Combine("key.pem");
        Ok(ProcessRunner.Run("openssl", ["genpkey", "-algorithm", "ed25519", "-out", pem]), "genpkey");
        string der = dir.Combine("key.der");
        Ok(ProcessRunner.Run("openssl", ["pkey", "-in", pem, "-outform", "DER", "-out", der]), "pkey");
        byte[] seed = File.ReadAllBytes(der)[^32..];
        using var key = Ed25519PrivateKey.FromSeed(seed);

        using (var r = OstreeRepo.Open(repo))
        {
            var commit = r.ResolveRev("main");
            string sigPath = dir.Combine("sig");
            Ok(ProcessRunner.Run("openssl", ["pkeyutl", "-sign", "-inkey", pem, "-rawin", "-in", r.GetObjectPath(commit, ObjectType.Commit), "-out", sigPath]), "openssl sign");
            var md = new MetadataDictionary();
            md.SetByteArrays(SignatureMetadataKeys.Ed25519, [File.ReadAllBytes(sigPath)]);
            using var tx = r.BeginTransaction();
            tx.WriteDetachedMetadata(commit, md);
            tx.Commit();
        }
        var verified = CliRunner.Run("sign", "--repo=" + repo, "--verify", "main", key.PublicKey.ToBase64());
        Ok(verified, "sign --verify");
        Assert.Equal("ed25519: Signature verified\n", verified.Stdout);
    }
}
