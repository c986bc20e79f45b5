using System.Diagnostics;
using OstreeSharp.Fuzz.Engine;
using OstreeSharp.Signing.OpenPgp;

namespace OstreeSharp.Fuzz.Targets;

/// <summary>
/// <c>gpg --export-secret-keys</c> output as <c>commit --gpg-sign</c> reads it: the secret keyring is loaded (self- and
/// binding signatures checked), the signing key selected as gpg would, and unprotected keys unlocked and used to sign.
/// Protected keys are not unlocked here: a mutated S2K count costs up to 65 MB of hashing per input. Only
/// <see cref="OpenPgpFormatException"/> may reject input (a key that cannot sign is reported as
/// <see cref="OpenPgpKeyNotFoundException"/>, an expected outcome handled here). Seeds come from the real gpg.
/// </summary>
public sealed class OpenPgpSecretKeyTarget : FuzzTarget
{
    private static readonly byte[] Message = "fuzzed commit"u8.ToArray();

    public override string Name => "openpgp-secret";

    public override string Description => "OpenPGP secret keyring load, signing-key selection and signing (seeds from gpg)";

    public override TimeSpan Timeout => TimeSpan.FromSeconds(10);

    public override IEnumerable<byte[]> Seeds(SeedMaterial material)
    {
        var seeds = new List<byte[]>();
        foreach (var algo in new[] { "ed25519", "rsa2048" })
        {
            if (GpgSeed(algo) is { } s)
                seeds.Add(s);
        }
        // Without gpg: a v4 EdDSA secret key packet with an unprotected seed of zeros is still parseable input.
        seeds.Add([0x95, 0x05, 0x04, 0, 0, 0, 0]);
        return seeds;
    }

    public override void Execute(byte[] input)
    {
        var keyring = OpenPgpSecretKeyring.Load(input);
        foreach (var secret in keyring.SecretKeys)
        {
            _ = secret.IsProtected;
            _ = secret.PublicKey.KeyFlags;
            _ = secret.PublicKey.IsRevoked;
        }
        OpenPgpSecretKey chosen;
        try
        {
            chosen = keyring.SelectSigningKey(null, DateTimeOffset.FromUnixTimeSeconds(2_000_000_000));
        }
        catch (OpenPgpKeyNotFoundException)
        {
            return;
        }
        if (chosen.IsProtected)
            return;
        using var key = chosen.Unlock();
        byte[] signature = key.SignDetached(Message);
        var results = keyring.PublicKeys.VerifyDetached(Message, signature, new OpenPgpVerifyOptions { Now = DateTimeOffset.FromUnixTimeSeconds(2_000_000_000) });
        // The key found by fingerprint has the same packet body as the one that signed, so the mathematics must agree.
        if (results.Count != 1 || results[0].Status == OpenPgpVerificationStatus.BadSignature)
            throw new InvalidOperationException($"A signature by the selected key did not verify: {results[0].Status}");
    }

    private static byte[]? GpgSeed(string algo)
    {
        string home = Path.Combine(Path.GetTempPath(), "ostreesharp-fuzz-gpgsec-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(home);
        try
        {
            if (Gpg(home, ["--quick-gen-key", "Fuzz <fuzz@example.invalid>", algo, "sign", "never"]) is null)
                return null;
            return Gpg(home, ["--export-secret-keys"]);
        }
        finally
        {
            Gpg(home, ["--kill", "gpg-agent"], "gpgconf");
            Directory.Delete(home, recursive: true);
        }
    }

    private static byte[]? Gpg(string home, string[] args, string tool = "gpg")
    {
        try
        {
            var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.Environment["GNUPGHOME"] = home;
            string[] common = tool == "gpg" ? ["--batch", "--pinentry-mode", "loopback", "--passphrase", ""] : [];
            foreach (var a in (string[])[.. common, .. args])
                psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            var output = new MemoryStream();
            var copy = p.StandardOutput.BaseStream.CopyToAsync(output);
            _ = p.StandardError.ReadToEnd();
            copy.Wait();
            p.WaitForExit();
            return p.ExitCode == 0 ? output.ToArray() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
