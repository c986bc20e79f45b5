using System.Text;
using OstreeSharp.Interop.Tests.Infrastructure;
using OstreeSharp.Signing.OpenPgp;
using OstreeSharp.Tests.Signing.OpenPgp;
using Xunit.Abstractions;

namespace OstreeSharp.Interop.Tests.Signing;

/// <summary>
/// OpenPGP v6 (RFC 9580) signatures next to gpg's v4 ones on a commit. gpg 2.2.40 (under ostree 2022.7 here) reads no v6
/// data, so the real tools are only a reference for what they do with it (observed): <c>ostree show</c> fails the
/// whole verification with "GPGME: No data" as soon as a v6 signature is present, even next to a good v4 one. ostree-sharp
/// deliberately checks each signature on its own and reports both as good.
/// </summary>
public sealed class OpenPgpV6InteropTests : IClassFixture<GpgHomes>
{
    private readonly GpgHomes _gpg;
    private readonly ITestOutputHelper _output;

    public OpenPgpV6InteropTests(GpgHomes gpg, ITestOutputHelper output)
    {
        _gpg = gpg;
        _output = output;
    }

    private static void Ok(ProcessResult r, string what) => Assert.True(r.ExitCode == 0, $"{what}: {r}");

    [Fact]
    public void CommitWithGpgV4AndOurV6SignaturesVerifiesInOstreeSharp()
    {
        if (!_gpg.Available)
        {
            _output.WriteLine("gpg or ostree missing; skipping");
            return;
        }
        using var dir = new TempDir();
        string repo = dir.Combine("repo");
        string tree = dir.Combine("tree");
        Directory.CreateDirectory(tree);
        File.WriteAllText(Path.Combine(tree, "file"), "v6 interop");
        Ok(RealOstree.Run("init", "--repo=" + repo, "--mode=archive"), "init");
        Ok(RealOstree.Run("commit", "--repo=" + repo, "-b", "main", "--tree=dir=" + tree, "-s", "mixed"), "commit");
        string commit = RealOstree.RunChecked("rev-parse", "--repo=" + repo, "main").Trim();

        // v4 by the real ostree (gpg), then v6 by ostree-sharp from an exported secret keyring file.
        Ok(RealOstree.Run("gpg-sign", "--repo=" + repo, "--gpg-homedir=" + _gpg.Subkey, commit, _gpg.Fingerprint(_gpg.Subkey)), "ostree gpg-sign");
        string secretFile = dir.Combine("v6-secret.asc");
        File.WriteAllText(secretFile, OpenPgpV6Vectors.SecretKey);
        var env = new Dictionary<string, string> { ["OSTREESHARP_GPG_SECRET_KEYRING"] = secretFile };
        Ok(ProcessRunner.Run("dotnet", [CliRunner.AssemblyPath, "gpg-sign", "--repo=" + repo, commit, "CB186C4F0609A697"], null, env), "ostree-sharp gpg-sign (v6)");

        // Trusted keys: gpg's v4 export followed by the v6 certificate.
        Ok(RealOstree.Run("remote", "add", "--repo=" + repo, "--no-gpg-verify", "origin", "file:///nonexistent"), "remote add");
        byte[] v4Keys = File.ReadAllBytes(_gpg.ExportPublic(_gpg.Subkey));
        File.WriteAllBytes(Path.Combine(repo, "origin.trustedkeys.gpg"), [.. v4Keys, .. OpenPgpV6Vectors.CertificateBytes]);

        var ours = CliRunner.Run("show", "--repo=" + repo, commit, "--gpg-verify-remote=origin");
        Ok(ours, "ostree-sharp show");
        Assert.Contains("Found 2 signatures:", ours.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, ours.Stdout.Split("Good signature from").Length - 1);
        Assert.Contains("key ID CB186C4F0609A697", ours.Stdout, StringComparison.Ordinal);

        // The real ostree (gpg 2.2) cannot read the v6 signature and fails the whole verification.
        var theirs = RealOstree.Run("show", "--repo=" + repo, commit, "--gpg-verify-remote=origin");
        _output.WriteLine(theirs.ToString());
        Assert.Contains("GPGME: No data", theirs.Stderr + theirs.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Good signature", theirs.Stdout, StringComparison.Ordinal);
    }
}
