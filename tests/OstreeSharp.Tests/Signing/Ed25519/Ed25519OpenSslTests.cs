using System.Diagnostics;
using System.Security.Cryptography;
using OstreeSharp.Signing.Ed25519;
using OstreeSharp.Tests.Support;

namespace OstreeSharp.Tests.Signing.Ed25519;

/// <summary>Cross-checks against the openssl command line, both directions, on random keys and messages.</summary>
public class Ed25519OpenSslTests
{
    private const string Pkcs8Prefix = "302e020100300506032b657004220420";
    private const string SpkiPrefix = "302a300506032b6570032100";
    private const int Rounds = 10;

    private static string? FindOpenSsl()
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':'))
        {
            string candidate = Path.Combine(dir, "openssl");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail("openssl not found (CI=true): install it with 'apt-get install -y openssl'.");
        }

        return null;
    }

    private static (int ExitCode, string Output) Run(string openssl, params string[] args)
    {
        var psi = new ProcessStartInfo(openssl, args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var p = Process.Start(psi)!;
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout + stderr.Result);
    }

    private static void RunOk(string openssl, params string[] args)
    {
        var (code, output) = Run(openssl, args);
        Assert.True(code == 0, $"openssl {string.Join(' ', args)} failed ({code}): {output}");
    }

    private static string Pem(string label, byte[] der) =>
        $"-----BEGIN {label}-----\n{Convert.ToBase64String(der, Base64FormattingOptions.InsertLineBreaks)}\n-----END {label}-----\n";

    [Fact]
    public void OpenSslSignsWeVerify()
    {
        string? openssl = FindOpenSsl();
        if (openssl is null)
        {
            Console.WriteLine("openssl not found; skipping the openssl cross-check.");
            return;
        }

        using var dir = new ScratchDir();
        for (int i = 0; i < Rounds; i++)
        {
            string keyPem = dir.Combine($"k{i}.pem");
            string keyDer = dir.Combine($"k{i}.der");
            string pubDer = dir.Combine($"p{i}.der");
            string msgPath = dir.Combine($"m{i}");
            string sigPath = dir.Combine($"s{i}");
            byte[] msg = RandomNumberGenerator.GetBytes(RandomNumberGenerator.GetInt32(0, 3000));
            File.WriteAllBytes(msgPath, msg);

            RunOk(openssl, "genpkey", "-algorithm", "ed25519", "-out", keyPem);
            RunOk(openssl, "pkey", "-in", keyPem, "-outform", "DER", "-out", keyDer);
            RunOk(openssl, "pkey", "-in", keyPem, "-pubout", "-outform", "DER", "-out", pubDer);
            RunOk(openssl, "pkeyutl", "-sign", "-inkey", keyPem, "-rawin", "-in", msgPath, "-out", sigPath);

            byte[] der = File.ReadAllBytes(keyDer);
            byte[] spki = File.ReadAllBytes(pubDer);
            Assert.StartsWith(Pkcs8Prefix, Hex.Format(der), StringComparison.Ordinal);
            Assert.StartsWith(SpkiPrefix, Hex.Format(spki), StringComparison.Ordinal);
            byte[] seed = der[^32..];
            byte[] pub = spki[^32..];
            byte[] sig = File.ReadAllBytes(sigPath);
            Assert.Equal(64, sig.Length);

            Assert.True(Ed25519Signature.Verify(pub, msg, sig), $"round {i}: openssl signature rejected");
            Assert.True(Ed25519PublicKey.FromBytes(pub).Verify(msg, sig));
            using var ours = Ed25519PrivateKey.FromSeed(seed);
            Assert.Equal(Hex.Format(pub), Hex.Format(ours.PublicKey.Span));
            Assert.Equal(Hex.Format(sig), Hex.Format(ours.Sign(msg)));   // Ed25519 signing is deterministic
            byte[] other = [.. msg, 1];
            Assert.False(Ed25519Signature.Verify(pub, other, sig));
        }
    }

    [Fact]
    public void WeSignOpenSslVerifies()
    {
        string? openssl = FindOpenSsl();
        if (openssl is null)
        {
            Console.WriteLine("openssl not found; skipping the openssl cross-check.");
            return;
        }

        using var dir = new ScratchDir();
        for (int i = 0; i < Rounds; i++)
        {
            using var key = Ed25519PrivateKey.Generate();
            byte[] msg = RandomNumberGenerator.GetBytes(RandomNumberGenerator.GetInt32(0, 3000));
            byte[] sig = key.Sign(msg);
            string msgPath = dir.Combine($"m{i}");
            string sigPath = dir.Combine($"s{i}");
            string badSigPath = dir.Combine($"b{i}");
            string pubPem = dir.Combine($"p{i}.pem");
            string keyPem = dir.Combine($"k{i}.pem");
            string pubOut = dir.Combine($"po{i}.der");
            File.WriteAllBytes(msgPath, msg);
            File.WriteAllBytes(sigPath, sig);
            byte[] bad = (byte[])sig.Clone();
            bad[RandomNumberGenerator.GetInt32(0, 64)] ^= (byte)(1 << RandomNumberGenerator.GetInt32(0, 8));
            File.WriteAllBytes(badSigPath, bad);
            File.WriteAllText(pubPem, Pem("PUBLIC KEY", [.. Hex.Parse(SpkiPrefix), .. key.PublicKey.Span]));
            File.WriteAllText(keyPem, Pem("PRIVATE KEY", [.. Hex.Parse(Pkcs8Prefix), .. key.ExportSeed()]));

            var (code, output) = Run(openssl, "pkeyutl", "-verify", "-pubin", "-inkey", pubPem, "-rawin", "-in", msgPath, "-sigfile", sigPath);
            Assert.True(code == 0, $"round {i}: openssl rejected our signature: {output}");
            Assert.Contains("Signature Verified Successfully", output, StringComparison.Ordinal);

            (code, output) = Run(openssl, "pkeyutl", "-verify", "-pubin", "-inkey", pubPem, "-rawin", "-in", msgPath, "-sigfile", badSigPath);
            Assert.True(code != 0, $"round {i}: openssl accepted a corrupted signature: {output}");

            // openssl derives the same public key from our seed.
            RunOk(openssl, "pkey", "-in", keyPem, "-pubout", "-outform", "DER", "-out", pubOut);
            Assert.Equal(Hex.Format(key.PublicKey.Span), Hex.Format(File.ReadAllBytes(pubOut)[^32..]));
        }
    }
}
