using OstreeSharp.Interop.Tests.Infrastructure;
using OstreeSharp.Objects;
using OstreeSharp.Repository;
using OstreeSharp.Signing;
using OstreeSharp.Signing.OpenPgp;
using Xunit.Abstractions;

namespace OstreeSharp.Interop.Tests.Signing;

/// <summary>Commits and summaries signed by ostree-sharp verified by the real ostree, and the other way round.</summary>
public sealed class GpgOstreeInteropTests : IClassFixture<GpgHomes>
{
    private readonly GpgHomes _gpg;
    private readonly ITestOutputHelper _output;

    public GpgOstreeInteropTests(GpgHomes gpg, ITestOutputHelper output)
    {
        _gpg = gpg;
        _output = output;
    }

    private bool Skip() => _gpg.SkipIfUnavailable(_output);

    private static void Ok(ProcessResult r, string what) => Assert.True(r.ExitCode == 0, $"{what}: {r}");

    private static string MakeRepo(TempDir dir, string name = "repo")
    {
        string repo = dir.Combine(name);
        Ok(RealOstree.Run("init", "--repo=" + repo, "--mode=archive"), "init");
        string tree = dir.Combine("tree-" + name);
        Directory.CreateDirectory(tree);
        File.WriteAllText(Path.Combine(tree, "file"), "content of " + name);
        return repo;
    }

    private static ProcessResult Ours(IReadOnlyDictionary<string, string>? env, params string[] args) =>
        ProcessRunner.Run("dotnet", [CliRunner.AssemblyPath, .. args], null, env);

    [Fact]
    public void OurCommitSignaturesVerifyWithOstreeShowAndPullLocal()
    {
        if (Skip())
        {
            return;
        }
        using var dir = new TempDir();
        string src = MakeRepo(dir, "src");
        string fprProt = _gpg.Fingerprint(_gpg.Protected);
        var env = new Dictionary<string, string> { ["OSTREESHARP_GPG_PASSPHRASE"] = GpgHomes.Passphrase };
        Ok(Ours(env, "commit", "--repo=" + src, "-b", "main", "--tree=dir=" + dir.Combine("tree-src"), "-s", "signed",
            "--gpg-sign=" + fprProt, "--gpg-homedir=" + _gpg.Protected), "ostree-sharp commit --gpg-sign");
        string commit = RealOstree.RunChecked("rev-parse", "--repo=" + src, "main").Trim();
        Ok(Ours(null, "gpg-sign", "--repo=" + src, "--gpg-homedir=" + _gpg.Subkey, "main", _gpg.Fingerprint(_gpg.Subkey)), "ostree-sharp gpg-sign");

        string keys = _gpg.ExportPublic(_gpg.Protected);
        string subKeys = _gpg.ExportPublic(_gpg.Subkey);
        Ok(RealOstree.Run("remote", "add", "--repo=" + src, "--gpg-import=" + keys, "origin", "file:///nonexistent"), "remote add");
        Ok(RealOstree.Run("remote", "gpg-import", "--repo=" + src, "-k", subKeys, "origin"), "remote gpg-import");
        var show = RealOstree.Run("show", "--repo=" + src, "main", "--gpg-verify-remote=origin");
        Ok(show, "ostree show");
        Assert.Contains("Found 2 signatures:", show.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, show.Stdout.Split("Good signature from").Length - 1);
        // Our show prints the same bytes.
        Assert.Equal(show.Stdout, CliRunner.Run("show", "--repo=" + src, "main", "--gpg-verify-remote=origin").Stdout);

        // pull-local into a repo that requires signatures from the imported keys.
        string dst = MakeRepo(dir, "dst");
        Ok(RealOstree.Run("remote", "add", "--repo=" + dst, "--gpg-import=" + keys, "origin", "file://" + src), "remote add dst");
        Ok(RealOstree.Run("pull-local", "--repo=" + dst, "--remote=origin", "--gpg-verify", src, "main"), "pull-local --gpg-verify");
        Assert.Equal(commit, RealOstree.RunChecked("rev-parse", "--repo=" + dst, "origin:main").Trim());

        // A repo that trusts only a stranger refuses the commit.
        string strict = MakeRepo(dir, "strict");
        Ok(RealOstree.Run("remote", "add", "--repo=" + strict, "--gpg-import=" + _gpg.ExportPublic(_gpg.Stranger), "origin", "file://" + src), "remote add strict");
        var refused = RealOstree.Run("pull-local", "--repo=" + strict, "--remote=origin", "--gpg-verify", src, "main");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("Can't check signature: public key not found", refused.Stderr, StringComparison.Ordinal);

        // Our verifier agrees on all three trust settings.
        using var repo = OstreeRepo.Open(src);
        var c = Checksum.Parse(commit);
        Assert.Equal(2, CommitVerifier.RequireGpg(repo, c, GpgKeyringResolver.ForRemote(src, "origin")).CountValid);
        var e = Assert.Throws<SignatureVerificationException>(() => CommitVerifier.RequireGpg(repo, c, OpenPgpKeyring.LoadFile(_gpg.ExportPublic(_gpg.Stranger))));
        Assert.Equal(SignatureFailureReason.UntrustedKey, e.Reason);
    }

    [Fact]
    public void OstreeGpgSignSignaturesVerifyWithOurs()
    {
        if (Skip())
        {
            return;
        }
        using var dir = new TempDir();
        string repo = MakeRepo(dir);
        Ok(RealOstree.Run("commit", "--repo=" + repo, "-b", "main", "--tree=dir=" + dir.Combine("tree-repo"), "-s", "theirs",
            "--gpg-sign=" + _gpg.Fingerprint(_gpg.Subkey), "--gpg-homedir=" + _gpg.Subkey), "ostree commit --gpg-sign");
        Ok(RealOstree.Run("gpg-sign", "--repo=" + repo, "--gpg-homedir=" + _gpg.Stranger, "main", _gpg.Fingerprint(_gpg.Stranger)), "ostree gpg-sign");
        string commit = RealOstree.RunChecked("rev-parse", "--repo=" + repo, "main").Trim();
        using (var r = OstreeRepo.Open(repo))
        {
            var report = CommitVerifier.VerifyGpg(r, Checksum.Parse(commit), OpenPgpKeyring.LoadFile(_gpg.ExportPublic(_gpg.Subkey)));
            Assert.Equal(2, report.CountAll);
            Assert.Equal(1, report.CountValid);
            Assert.Equal(OpenPgpVerificationStatus.UnknownKey, report.Results[1].Status);
            Assert.Equal(_gpg.Fingerprint(_gpg.Subkey), report.Results[0].PrimaryKeyFingerprint);
        }
        // Byte-identical show output for a known subkey signature and an unknown key, with keyrings found in the repo dir.
        File.Copy(_gpg.ExportPublic(_gpg.Subkey), Path.Combine(repo, "local.gpg"));
        var expected = RealOstree.Run("show", "--repo=" + repo, "main");
        Ok(expected, "ostree show");
        Assert.Contains("Primary key ID", expected.Stdout, StringComparison.Ordinal);
        Assert.Contains("Can't check signature: public key not found", expected.Stdout, StringComparison.Ordinal);
        Assert.Equal(expected.Stdout, CliRunner.Run("show", "--repo=" + repo, "main").Stdout);

        // ostree-sharp gpg-sign --delete removes the stranger's signature the way ostree does.
        var deleted = CliRunner.Run("gpg-sign", "--repo=" + repo, "--gpg-homedir=" + _gpg.Stranger, "-d", "main", _gpg.Fingerprint(_gpg.Stranger));
        Assert.Equal("Signatures deleted: 1\n", deleted.Stdout);
        Assert.Contains("Found 1 signature:", RealOstree.RunChecked("show", "--repo=" + repo, "main"), StringComparison.Ordinal);
    }

    [Fact]
    public void ShowOutputMatchesForBadExpiredAndUnknownSignatures()
    {
        if (Skip())
        {
            return;
        }
        using var dir = new TempDir();
        string repo = MakeRepo(dir);
        Ok(RealOstree.Run("commit", "--repo=" + repo, "-b", "a", "--tree=dir=" + dir.Combine("tree-repo"), "-s", "a"), "commit a");
        Ok(RealOstree.Run("commit", "--repo=" + repo, "-b", "b", "--tree=dir=" + dir.Combine("tree-repo"), "-s", "b"), "commit b");
        File.Copy(_gpg.ExportPublic(_gpg.Expired), Path.Combine(repo, "expired.gpg"));
        File.Copy(_gpg.ExportPublic(_gpg.Subkey), Path.Combine(repo, "subkey.gpg"));
        using var r = OstreeRepo.Open(repo);
        var a = r.ResolveRev("a");
        var b = r.ResolveRev("b");
        string commitFile = r.GetObjectPath(a, ObjectType.Commit);
        string otherFile = r.GetObjectPath(b, ObjectType.Commit);

        var cases = new (string Name, byte[] Signature)[]
        {
            ("expired key", _gpg.SignFile(_gpg.Expired, commitFile, "--faked-system-time", "20200101T010000")),
            ("other bytes", _gpg.SignFile(_gpg.Subkey, otherFile)),
            ("unknown key", _gpg.SignFile(_gpg.Stranger, commitFile)),
            ("good subkey", _gpg.SignFile(_gpg.Subkey, commitFile)),
        };
        foreach (var (name, signature) in cases)
        {
            using (var tx = r.BeginTransaction())
            {
                tx.WriteDetachedMetadata(a, null);
                tx.Commit();
            }
            CommitSigner.AppendGpgSignature(r, a, signature);
            var expected = RealOstree.Run("show", "--repo=" + repo, "a");
            Ok(expected, "ostree show " + name);
            Assert.Equal(expected.Stdout, CliRunner.Run("show", "--repo=" + repo, "a").Stdout);
        }
    }

    [Fact]
    public void OurSummarySignatureVerifiesWithOstreeRemoteSummary()
    {
        if (Skip())
        {
            return;
        }
        using var dir = new TempDir();
        string src = MakeRepo(dir, "src");
        Ok(RealOstree.Run("commit", "--repo=" + src, "-b", "main", "--tree=dir=" + dir.Combine("tree-src"), "-s", "s"), "commit");
        Ok(RealOstree.Run("summary", "--repo=" + src, "-u"), "summary -u");
        byte[] summary = File.ReadAllBytes(Path.Combine(src, "summary"));
        var secrets = OpenPgpSecretKeyring.Load(_gpg.Gpg(_gpg.Protected, GpgHomes.Passphrase, "--export-secret-keys"));
        using (var key = secrets.SelectSigningKey(null).Unlock(GpgHomes.Passphrase))
        {
            File.WriteAllBytes(Path.Combine(src, "summary.sig"), SummarySigner.CreateSignatureFile(summary, [key], null));
        }
        string dst = MakeRepo(dir, "dst");
        Ok(RealOstree.Run("remote", "add", "--repo=" + dst, "--set=gpg-verify-summary=true", "--set=gpg-verify=false", "--gpg-import=" + _gpg.ExportPublic(_gpg.Protected),
            "origin", "file://" + src), "remote add");
        var view = RealOstree.Run("remote", "summary", "--repo=" + dst, "origin");
        Ok(view, "ostree remote summary");
        Assert.Contains("Good signature from \"Prot <prot@example.com>\"", view.Stdout, StringComparison.Ordinal);
        Ok(RealOstree.Run("pull", "--repo=" + dst, "origin", "main"), "pull with gpg-verify-summary");

        // A summary.sig made for other bytes is refused by ostree and by us.
        byte[] sigFile = File.ReadAllBytes(Path.Combine(src, "summary.sig"));
        Ok(RealOstree.Run("commit", "--repo=" + src, "-b", "other", "--tree=dir=" + dir.Combine("tree-src"), "-s", "t"), "commit other");
        File.Copy(Path.Combine(src, "summary.sig"), dir.Combine("saved.sig"));
        Ok(RealOstree.Run("summary", "--repo=" + src, "-u"), "summary -u again");
        File.Copy(dir.Combine("saved.sig"), Path.Combine(src, "summary.sig"), overwrite: true);
        Assert.NotEqual(0, RealOstree.Run("pull", "--repo=" + dst, "origin", "other").ExitCode);
        var e = Assert.Throws<SignatureVerificationException>(() => SummaryVerifier.RequireGpg(File.ReadAllBytes(Path.Combine(src, "summary")), sigFile,
            OpenPgpKeyring.LoadFile(_gpg.ExportPublic(_gpg.Protected))));
        Assert.Equal(SignatureFailureReason.BadSignature, e.Reason);
    }
}
