using System.Diagnostics;
using System.Text;
using OstreeSharp.Tests.Support;

namespace OstreeSharp.Tests.Signing.OpenPgp;

/// <summary>
/// gpg homedirs with secret keys, generated once per test class (ed25519 and RSA generation take about a second each):
/// plain and passphrase-protected RSA-2048 and ed25519 keys, certify-only primaries with signing subkeys, RSA-4096, an
/// expired key (made with a faked clock) and a revoked key.
/// </summary>
public sealed class GpgSecretKeyFixture : IDisposable
{
    private readonly ScratchDir _scratch = new();
    private readonly List<string> _homes = [];

    public sealed record Home(string Name, string Path, string Passphrase, bool SigningSubkey);

    public GpgSecretKeyFixture()
    {
        Gpg = GpgTool.Find();
        if (Gpg is null)
        {
            return;
        }
        RsaPlain = Create("rsa-plain", "", "rsa2048", subkey: false);
        RsaProtected = Create("rsa-pw", "correct horse", "rsa2048", subkey: false);
        RsaSubkey = Create("rsa-sub", "pw2", "rsa2048", subkey: true);
        EdPlain = Create("ed-plain", "", "ed25519", subkey: false);
        EdSubkey = Create("ed-sub", "pw3", "ed25519", subkey: true);
        Rsa4096 = Create("rsa4096", "pw4", "rsa4096", subkey: false);

        Expired = NewHome("expired", "", false);
        Run(Expired, "--faked-system-time", "20200101T000000", "--quick-gen-key", "Old <old@example.com>", "ed25519", "sign", "1d");
        ExpiredSignature = Sign(Expired, Message, "--faked-system-time", "20200101T010000");
        Revoked = Create("revoked", "", "ed25519", subkey: false);
        RevokedSignature = Sign(Revoked, Message);
        string fpr = PrimaryFingerprint(Revoked);
        string cert = File.ReadAllText(Path.Combine(Revoked.Path, "openpgp-revocs.d", fpr + ".rev")).Replace(":-----BEGIN", "-----BEGIN", StringComparison.Ordinal);
        Run(Revoked, "--import", WriteTemp(Encoding.UTF8.GetBytes(cert)));

        SubkeyRevoked = Create("subrev", "", "ed25519", subkey: true);
        Run(SubkeyRevoked, "--quick-add-key", PrimaryFingerprint(SubkeyRevoked), "ed25519", "sign", "never");
        string subkeyB = Encoding.UTF8.GetString(Run(SubkeyRevoked, "--with-colons", "--fingerprint", "--fingerprint", "--list-keys"))
            .Split('\n').Where(l => l.StartsWith("fpr:", StringComparison.Ordinal)).ElementAt(2).Split(':')[9];
        RevokedSubkeySignature = Sign(SubkeyRevoked, Message, "--local-user", subkeyB + "!");
        RunWith(SubkeyRevoked, Encoding.ASCII.GetBytes("key 2\nrevkey\ny\n0\n\ny\nsave\n"),
            "--yes", "--command-fd", "0", "--edit-key", PrimaryFingerprint(SubkeyRevoked));
    }

    /// <summary>Certify-only ed25519 primary with signing subkeys A and (newer) B; B signed <see cref="Message"/>, then was revoked.</summary>
    public Home SubkeyRevoked { get; } = null!;

    /// <summary>Subkey B's signature over <see cref="Message"/>, made before B was revoked.</summary>
    public byte[] RevokedSubkeySignature { get; } = [];

    public static readonly byte[] Message = Encoding.UTF8.GetBytes("ostree commit bytes\0\x01\n");

    /// <summary>gpg's signature over <see cref="Message"/>, made while the (now expired) key was valid.</summary>
    public byte[] ExpiredSignature { get; } = [];

    /// <summary>gpg's signature over <see cref="Message"/>, made before the key was revoked.</summary>
    public byte[] RevokedSignature { get; } = [];

    public string? Gpg { get; }
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
    public Home RsaPlain { get; } = null!;
    public Home RsaProtected { get; } = null!;
    public Home RsaSubkey { get; } = null!;
    public Home EdPlain { get; } = null!;
    public Home EdSubkey { get; } = null!;
    public Home Rsa4096 { get; } = null!;
    public Home Expired { get; } = null!;
    public Home Revoked { get; } = null!;

    public IEnumerable<Home> Signers => [RsaPlain, RsaProtected, RsaSubkey, EdPlain, EdSubkey, Rsa4096];

    private Home NewHome(string name, string passphrase, bool subkey)
    {
        string path = _scratch.Combine(name);
        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _homes.Add(path);
        return new Home(name, path, passphrase, subkey);
    }

    private Home Create(string name, string passphrase, string algo, bool subkey)
    {
        var home = NewHome(name, passphrase, subkey);
        string uid = $"{name} <{name}@example.com>";
        Run(home, "--quick-gen-key", uid, algo, subkey ? "cert" : "sign", "never");
        if (subkey)
        {
            Run(home, "--quick-add-key", PrimaryFingerprint(home), algo, "sign", "never");
        }
        return home;
    }

    public string PrimaryFingerprint(Home home) =>
        Encoding.UTF8.GetString(Run(home, "--with-colons", "--fingerprint", "--list-secret-keys"))
            .Split('\n').First(l => l.StartsWith("fpr:", StringComparison.Ordinal)).Split(':')[9];

    public byte[] Run(Home home, params string[] args) => RunWith(home, null, args);

    public byte[] RunWith(Home home, byte[]? stdin, params string[] args) =>
        GpgTool.Run(Gpg!, home.Path, home.Passphrase, stdin, args);

    public byte[] ExportSecret(Home home, bool armor = false) =>
        armor ? Run(home, "--armor", "--export-secret-keys") : Run(home, "--export-secret-keys");

    public byte[] ExportPublic(Home home) => Run(home, "--export");

    public string WriteTemp(byte[] data, string? name = null)
    {
        string path = Path.Combine(_scratch.Path, name ?? "f-" + Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(path, data);
        return path;
    }

    public byte[] Sign(Home home, byte[] data, params string[] extra)
    {
        string path = WriteTemp(data);
        return Run(home, [.. extra, "--detach-sign", "--output", "-", path]);
    }

    /// <summary>Runs gpgv with <paramref name="keyring"/> as the only keyring; returns (exit code, status-fd output).</summary>
    public (int ExitCode, string Status) Gpgv(byte[] keyring, byte[] signature, byte[] data)
    {
        string kr = WriteTemp(keyring, "kr-" + Guid.NewGuid().ToString("N") + ".gpg");
        var psi = new ProcessStartInfo("gpgv") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "--status-fd", "1", "--keyring", kr, WriteTemp(signature), WriteTemp(data) })
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        string status = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        _ = err.Result;
        return (p.ExitCode, status);
    }

    public void Dispose()
    {
        if (Gpg is not null)
        {
            foreach (string home in _homes)
            {
                GpgTool.KillAgent(home);
            }
        }
        _scratch.Dispose();
    }
}
