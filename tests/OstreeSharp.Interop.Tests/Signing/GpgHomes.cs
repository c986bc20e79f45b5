using System.Diagnostics;
using System.Text;
using OstreeSharp.Interop.Tests.Infrastructure;

namespace OstreeSharp.Interop.Tests.Signing;

/// <summary>
/// gpg homedirs made once per test class: Protected = RSA-2048 with a passphrase; Subkey = ed25519 certify-only
/// primary with an ed25519 signing subkey, no passphrase (usable by ostree's gpgme without a pinentry); Stranger =
/// an untrusted ed25519 key; Expired = ed25519 key made with a faked clock, expired in 2020.
/// </summary>
public sealed class GpgHomes : IDisposable
{
    private readonly TempDir _dir = new("ostreesharp-gpg-");

    public GpgHomes()
    {
        Available = File.Exists("/usr/bin/gpg") && RealOstree.IsInstalled;
        if (!Available)
        {
            if (RealOstree.IsCi)
            {
                Assert.Fail("gpg and ostree are required in CI");
            }
            return;
        }
        Protected = Home("protected");
        Gpg(Protected, Passphrase, "--quick-gen-key", "Prot <prot@example.com>", "rsa2048", "sign", "never");
        Subkey = Home("subkey");
        Gpg(Subkey, "", "--quick-gen-key", "Sub <sub@example.com>", "ed25519", "cert", "never");
        Gpg(Subkey, "", "--quick-add-key", Fingerprint(Subkey), "ed25519", "sign", "never");
        Stranger = Home("stranger");
        Gpg(Stranger, "", "--quick-gen-key", "Stranger <s@example.com>", "ed25519", "sign", "never");
        Expired = Home("expired");
        Gpg(Expired, "", "--faked-system-time", "20200101T000000", "--quick-gen-key", "Old <old@example.com>", "ed25519", "sign", "1d");
    }

    public const string Passphrase = "open sesame";
    public bool Available { get; }

    /// <summary>True (after saying so in the test output) when gpg or ostree is missing and the calling test should return.</summary>
    public bool SkipIfUnavailable(Xunit.Abstractions.ITestOutputHelper output)
    {
        if (!Available)
        {
            output.WriteLine("gpg or ostree missing; skipping");
            return true;
        }
        return false;
    }
    public string Protected { get; } = "";
    public string Subkey { get; } = "";
    public string Stranger { get; } = "";
    public string Expired { get; } = "";

    public string Root => _dir.Path;

    private string Home(string name)
    {
        string path = _dir.Combine(name);
        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    public string Fingerprint(string home) =>
        Encoding.UTF8.GetString(Gpg(home, "", "--with-colons", "--fingerprint", "--list-keys"))
            .Split('\n').First(l => l.StartsWith("fpr:", StringComparison.Ordinal)).Split(':')[9];

    /// <summary>Writes the public keys of <paramref name="home"/> to a binary keyring file and returns its path.</summary>
    public string ExportPublic(string home)
    {
        string path = Path.Combine(_dir.Path, Path.GetFileName(home) + "-" + Guid.NewGuid().ToString("N")[..6] + ".gpg");
        File.WriteAllBytes(path, Gpg(home, "", "--export"));
        return path;
    }

    public byte[] SignFile(string home, string file, params string[] extra) =>
        Gpg(home, "", [.. extra, "--detach-sign", "--output", "-", file]);

    public byte[] Gpg(string home, string passphrase, params string[] args)
    {
        var psi = new ProcessStartInfo("gpg") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { "--homedir", home, "--batch", "--pinentry-mode", "loopback", "--passphrase", passphrase })
        {
            psi.ArgumentList.Add(a);
        }
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        using var ms = new MemoryStream();
        p.StandardOutput.BaseStream.CopyTo(ms);
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"gpg {string.Join(' ', args)}: {err.Result}");
        }
        return ms.ToArray();
    }

    public void Dispose()
    {
        foreach (string home in new[] { Protected, Subkey, Stranger, Expired }.Where(h => h.Length > 0))
        {
            try
            {
                using var p = Process.Start(new ProcessStartInfo("gpgconf", ["--homedir", home, "--kill", "gpg-agent"]) { UseShellExecute = false });
                p?.WaitForExit(10_000);
            }
            catch (System.ComponentModel.Win32Exception)
            {
            }
        }
        _dir.Dispose();
    }
}
