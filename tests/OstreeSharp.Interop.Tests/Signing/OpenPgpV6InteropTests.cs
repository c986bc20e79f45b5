using System.Text;
using OstreeSharp.Interop.Tests.Infrastructure;
using OstreeSharp.Signing.OpenPgp;
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
    // RFC 9580 Appendix A.3 / A.4 (the same vectors as the unit tests; their self-signatures validate them).
    public const string Certificate = """
        -----BEGIN PGP PUBLIC KEY BLOCK-----

        xioGY4d/4xsAAAAg+U2nu0jWCmHlZ3BqZYfQMxmZu52JGggkLq2EVD34laPCsQYf
        GwoAAABCBYJjh3/jAwsJBwUVCg4IDAIWAAKbAwIeCSIhBssYbE8GCaaX5NUt+mxy
        KwwfHifBilZwj2Ul7Ce62azJBScJAgcCAAAAAK0oIBA+LX0ifsDm185Ecds2v8lw
        gyU2kCcUmKfvBXbAf6rhRYWzuQOwEn7E/aLwIwRaLsdry0+VcallHhSu4RN6HWaE
        QsiPlR4zxP/TP7mhfVEe7XWPxtnMUMtf15OyA51YBM4qBmOHf+MZAAAAIIaTJINn
        +eUBXbki+PSAld2nhJh/LVmFsS+60WyvXkQ1wpsGGBsKAAAALAWCY4d/4wKbDCIh
        BssYbE8GCaaX5NUt+mxyKwwfHifBilZwj2Ul7Ce62azJAAAAAAQBIKbpGG2dWTX8
        j+VjFM21J0hqWlEg+bdiojWnKfA5AQpWUWtnNwDEM0g12vYxoWM8Y81W+bHBw805
        I8kWVkXU6vFOi+HWvv/ira7ofJu16NnoUkhclkUrk0mXubZvyl4GBg==
        -----END PGP PUBLIC KEY BLOCK-----
        """;

    public const string SecretKey = """
        -----BEGIN PGP PRIVATE KEY BLOCK-----

        xUsGY4d/4xsAAAAg+U2nu0jWCmHlZ3BqZYfQMxmZu52JGggkLq2EVD34laMAGXKB
        exK+cH6NX1hs5hNhIB00TrJmosgv3mg1ditlsLfCsQYfGwoAAABCBYJjh3/jAwsJ
        BwUVCg4IDAIWAAKbAwIeCSIhBssYbE8GCaaX5NUt+mxyKwwfHifBilZwj2Ul7Ce6
        2azJBScJAgcCAAAAAK0oIBA+LX0ifsDm185Ecds2v8lwgyU2kCcUmKfvBXbAf6rh
        RYWzuQOwEn7E/aLwIwRaLsdry0+VcallHhSu4RN6HWaEQsiPlR4zxP/TP7mhfVEe
        7XWPxtnMUMtf15OyA51YBMdLBmOHf+MZAAAAIIaTJINn+eUBXbki+PSAld2nhJh/
        LVmFsS+60WyvXkQ1AE1gCk95TUR3XFeibg/u/tVY6a//1q0NWC1X+yui3O24wpsG
        GBsKAAAALAWCY4d/4wKbDCIhBssYbE8GCaaX5NUt+mxyKwwfHifBilZwj2Ul7Ce6
        2azJAAAAAAQBIKbpGG2dWTX8j+VjFM21J0hqWlEg+bdiojWnKfA5AQpWUWtnNwDE
        M0g12vYxoWM8Y81W+bHBw805I8kWVkXU6vFOi+HWvv/ira7ofJu16NnoUkhclkUr
        k0mXubZvyl4GBg==
        -----END PGP PRIVATE KEY BLOCK-----
        """;

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
        File.WriteAllText(secretFile, SecretKey);
        var env = new Dictionary<string, string> { ["OSTREESHARP_GPG_SECRET_KEYRING"] = secretFile };
        Ok(ProcessRunner.Run("dotnet", [CliRunner.AssemblyPath, "gpg-sign", "--repo=" + repo, commit, "CB186C4F0609A697"], null, env), "ostree-sharp gpg-sign (v6)");

        // Trusted keys: gpg's v4 export followed by the v6 certificate.
        Ok(RealOstree.Run("remote", "add", "--repo=" + repo, "--no-gpg-verify", "origin", "file:///nonexistent"), "remote add");
        byte[] v4Keys = File.ReadAllBytes(_gpg.ExportPublic(_gpg.Subkey));
        File.WriteAllBytes(Path.Combine(repo, "origin.trustedkeys.gpg"), [.. v4Keys, .. OpenPgpArmor.Decode(Certificate).Data]);

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
