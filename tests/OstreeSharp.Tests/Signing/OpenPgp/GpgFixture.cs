using System.Diagnostics;
using OstreeSharp.Tests.Support;

namespace OstreeSharp.Tests.Signing.OpenPgp;

/// <summary>
/// Generates gpg keys once per test class: A = RSA-2048 primary only; B = RSA-2048 primary plus an RSA signing subkey
/// (gpg signs with the subkey); C = legacy EdDSA ed25519. Each lives in its own GNUPGHOME.
/// </summary>
public sealed class GpgFixture : IDisposable
{
    private readonly ScratchDir _scratch = new();

    public GpgFixture()
    {
        Gpg = FindGpg();
        if (Gpg is null)
        {
            return;
        }
        HomeA = NewHome("a");
        HomeB = NewHome("b");
        HomeC = NewHome("c");
        Run(HomeA, null, "--quick-gen-key", "Alice <a@example.com>", "rsa2048", "sign", "never");
        Run(HomeB, null, "--quick-gen-key", "Bob <b@example.com>", "rsa2048", "sign", "never");
        string fprB = Colons(HomeB).Single(k => k.Kind == "pub").Fingerprint;
        Run(HomeB, null, "--quick-add-key", fprB, "rsa2048", "sign", "never");
        Run(HomeC, null, "--quick-gen-key", "Carol <c@example.com>", "ed25519", "sign", "never");
    }

    public string? Gpg { get; }
    public string HomeA { get; } = "";
    public string HomeB { get; } = "";
    public string HomeC { get; } = "";

    public bool Available => Gpg is not null;

    /// <summary>True (after saying so on the console) when gpg is missing and the calling test should return.</summary>
    public bool SkipIfUnavailable()
    {
        if (!Available)
        {
            Console.WriteLine("gpg not installed; skipping gpg interop test");
            return true;
        }
        return false;
    }

    private static string? FindGpg()
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
        {
            string candidate = Path.Combine(dir, "gpg");
            if (dir.Length > 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail("gpg not found (CI=true): install it with 'apt-get install -y gnupg'.");
        }
        return null;
    }

    private string NewHome(string name)
    {
        string home = _scratch.Combine(name);
        Directory.CreateDirectory(home);
        File.SetUnixFileMode(home, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return home;
    }

    public byte[] Run(string home, byte[]? stdin, params string[] args) => GpgTool.Run(Gpg!, home, "", stdin, args);

    public byte[] Export(string home, bool armor = false) =>
        armor ? Run(home, null, "--armor", "--export") : Run(home, null, "--export");

    public string WriteTemp(byte[] data)
    {
        string path = Path.Combine(_scratch.Path, "data-" + Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(path, data);
        return path;
    }

    public byte[] SignDetached(string home, byte[] data, string digest = "SHA256", bool armor = false)
    {
        string path = WriteTemp(data);
        var args = new List<string> { "--digest-algo", digest, "--detach-sign", "--output", "-" };
        if (armor)
        {
            args.Insert(0, "--armor");
        }
        args.Add(path);
        return Run(home, null, [.. args]);
    }

    public sealed record ColonKey(string Kind, string KeyId, string Fingerprint);

    /// <summary>pub/sub records from <c>gpg --with-colons --fingerprint --fingerprint</c> (second flag lists subkey fingerprints).</summary>
    public IReadOnlyList<ColonKey> Colons(string home)
    {
        string text = System.Text.Encoding.UTF8.GetString(Run(home, null, "--with-colons", "--fingerprint", "--fingerprint", "--list-keys"));
        var result = new List<ColonKey>();
        string? kind = null, keyId = null;
        foreach (string line in text.Split('\n'))
        {
            string[] f = line.Split(':');
            if (f[0] is "pub" or "sub")
            {
                kind = f[0];
                keyId = f[4];
            }
            else if (f[0] == "fpr" && kind is not null)
            {
                result.Add(new ColonKey(kind, keyId!, f[9]));
                kind = null;
            }
        }
        return result;
    }

    public void Dispose()
    {
        if (Gpg is not null)
        {
            foreach (string home in new[] { HomeA, HomeB, HomeC })
            {
                try
                {
                    var psi = new ProcessStartInfo("gpgconf", ["--kill", "gpg-agent"]) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
                    psi.Environment["GNUPGHOME"] = home;
                    using var p = Process.Start(psi);
                    p?.WaitForExit(10_000);
                }
                catch (System.ComponentModel.Win32Exception)
                {
                }
            }
        }
        _scratch.Dispose();
    }
}
