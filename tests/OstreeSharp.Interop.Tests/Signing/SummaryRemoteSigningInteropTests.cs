using OstreeSharp.Interop.Tests.Infrastructure;
using OstreeSharp.Signing;
using OstreeSharp.Signing.Ed25519;
using OstreeSharp.Signing.OpenPgp;
using Xunit.Abstractions;

namespace OstreeSharp.Interop.Tests.Signing;

/// <summary>
/// <c>summary -u --gpg-sign/--sign</c>, <c>remote add --gpg-import</c>, <c>remote gpg-import</c>, <c>remote gpg-list-keys</c>
/// and <c>gpg-verify-summary</c> checks of <c>remote summary</c>/<c>remote refs</c>, against the real ostree both ways.
/// </summary>
public sealed class SummaryRemoteSigningInteropTests : IClassFixture<GpgHomes>
{
    private readonly GpgHomes _gpg;
    private readonly ITestOutputHelper _output;

    public SummaryRemoteSigningInteropTests(GpgHomes gpg, ITestOutputHelper output)
    {
        _gpg = gpg;
        _output = output;
    }

    private bool Skip() => _gpg.SkipIfUnavailable(_output);

    private static void Ok(ProcessResult r, string what) => Assert.True(r.ExitCode == 0, $"{what}: {r}");

    private static void Same(ProcessResult expected, ProcessResult actual, string what)
    {
        Assert.True(expected.ExitCode == actual.ExitCode, $"{what}: exit codes differ\nostree: {expected}\nours: {actual}");
        Assert.Equal(expected.Stdout, actual.Stdout);
        Assert.Equal(expected.Stderr, actual.Stderr);
    }

    /// <summary>A repository with one commit on <c>main</c> made by the real ostree.</summary>
    private static string SourceRepo(TempDir dir, string name = "src")
    {
        string repo = dir.Combine(name);
        Ok(RealOstree.Run("init", "--repo=" + repo, "--mode=archive"), "init");
        string tree = dir.Combine("tree-" + name);
        Directory.CreateDirectory(tree);
        File.WriteAllText(Path.Combine(tree, "file"), "content of " + name);
        Ok(RealOstree.Run("commit", "--repo=" + repo, "-b", "main", "--tree=dir=" + tree, "-s", "s"), "commit");
        return repo;
    }

    private static string EmptyRepo(TempDir dir, string name)
    {
        string repo = dir.Combine(name);
        Ok(RealOstree.Run("init", "--repo=" + repo, "--mode=archive"), "init " + name);
        return repo;
    }

    [Fact]
    public void OurGpgSignedSummaryVerifiesWithOstreeRemoteSummaryAndRefs()
    {
        if (Skip())
        {
            return;
        }
        using var dir = new TempDir();
        string src = SourceRepo(dir);
        Ok(CliRunner.Run("summary", "--repo=" + src, "-u", "--gpg-sign=" + _gpg.Fingerprint(_gpg.Subkey), "--gpg-homedir=" + _gpg.Subkey), "our summary -u --gpg-sign");
        Assert.True(File.Exists(Path.Combine(src, "summary.sig")));

        string dst = EmptyRepo(dir, "dst");
        Ok(RealOstree.Run("remote", "add", "--repo=" + dst, "--set=gpg-verify-summary=true", "--set=gpg-verify=false",
            "--gpg-import=" + _gpg.ExportPublic(_gpg.Subkey), "origin", "file://" + src), "remote add");
        var expected = RealOstree.Run("remote", "summary", "--repo=" + dst, "origin");
        Ok(expected, "ostree remote summary");
        Assert.Contains("GPG: Verification enabled, found 1 signature:", expected.Stdout, StringComparison.Ordinal);
        Assert.Contains("Good signature from \"Sub <sub@example.com>\"", expected.Stdout, StringComparison.Ordinal);
        Same(expected, CliRunner.Run("remote", "summary", "--repo=" + dst, "origin"), "remote summary");
        Same(RealOstree.Run("remote", "refs", "--repo=" + dst, "origin"), CliRunner.Run("remote", "refs", "--repo=" + dst, "origin"), "remote refs");
        Ok(RealOstree.Run("pull", "--repo=" + dst, "origin", "main"), "ostree pull with gpg-verify-summary");

        // Without signing flags our summary -u removes the stale summary.sig; both tools then refuse the same way.
        Ok(CliRunner.Run("summary", "--repo=" + src, "-u"), "our summary -u");
        Assert.False(File.Exists(Path.Combine(src, "summary.sig")));
        Ok(RealOstree.Run("remote", "add", "--repo=" + dst, "--set=gpg-verify-summary=true", "--gpg-import=" + _gpg.ExportPublic(_gpg.Subkey),
            "nosig", "file://" + src), "remote add nosig");
        var refused = RealOstree.Run("remote", "summary", "--repo=" + dst, "nosig");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("no summary signatures found", refused.Stderr, StringComparison.Ordinal);
        Same(refused, CliRunner.Run("remote", "summary", "--repo=" + dst, "nosig"), "remote summary without summary.sig");
        Same(RealOstree.Run("remote", "refs", "--repo=" + dst, "nosig"), CliRunner.Run("remote", "refs", "--repo=" + dst, "nosig"), "remote refs without summary.sig");
    }

    [Fact]
    public void OstreeGpgSignedSummaryVerifiesWithOursAndFailuresMatch()
    {
        if (Skip())
        {
            return;
        }
        using var dir = new TempDir();
        string src = SourceRepo(dir);
        Ok(RealOstree.Run("summary", "--repo=" + src, "-u", "--gpg-sign=" + _gpg.Fingerprint(_gpg.Subkey), "--gpg-homedir=" + _gpg.Subkey), "ostree summary -u --gpg-sign");
        byte[] summary = File.ReadAllBytes(Path.Combine(src, "summary"));
        byte[] signature = File.ReadAllBytes(Path.Combine(src, "summary.sig"));
        var report = SummaryVerifier.RequireGpg(summary, signature, OpenPgpKeyring.LoadFile(_gpg.ExportPublic(_gpg.Subkey)));
        Assert.Equal(1, report.CountValid);

        // Keys imported by our remote add --gpg-import verify ostree's signature, in our CLI and in ostree.
        string dst = EmptyRepo(dir, "dst");
        var added = CliRunner.Run("remote", "add", "--repo=" + dst, "--set=gpg-verify-summary=true", "--gpg-import=" + _gpg.ExportPublic(_gpg.Subkey),
            "origin", "file://" + src);
        Ok(added, "our remote add --gpg-import");
        Assert.Equal("Imported 1 GPG key to remote \"origin\"\n", added.Stdout);
        var expected = RealOstree.Run("remote", "summary", "--repo=" + dst, "origin");
        Ok(expected, "ostree remote summary with our keyring");
        Same(expected, CliRunner.Run("remote", "summary", "--repo=" + dst, "origin"), "remote summary");

        // A remote with a keyring lacking the signer: "public key not found", as ostree words it.
        Ok(RealOstree.Run("remote", "add", "--repo=" + dst, "--set=gpg-verify-summary=true", "--gpg-import=" + _gpg.ExportPublic(_gpg.Stranger),
            "stranger", "file://" + src), "remote add stranger");
        var untrusted = RealOstree.Run("remote", "summary", "--repo=" + dst, "stranger");
        Assert.NotEqual(0, untrusted.ExitCode);
        Assert.Contains("Can't check signature: public key not found", untrusted.Stderr, StringComparison.Ordinal);
        Same(untrusted, CliRunner.Run("remote", "summary", "--repo=" + dst, "stranger"), "untrusted remote summary");
        Same(RealOstree.Run("remote", "refs", "--repo=" + dst, "stranger"), CliRunner.Run("remote", "refs", "--repo=" + dst, "stranger"), "untrusted remote refs");

        // A summary.sig over other bytes: BAD signature, same wording and exit code (fresh remote: no cached summary).
        Ok(RealOstree.Run("summary", "--repo=" + src, "-u", "--add-metadata=x='changed'"), "ostree summary -u");
        File.WriteAllBytes(Path.Combine(src, "summary.sig"), signature);
        Ok(RealOstree.Run("remote", "add", "--repo=" + dst, "--set=gpg-verify-summary=true", "--gpg-import=" + _gpg.ExportPublic(_gpg.Subkey),
            "bad", "file://" + src), "remote add bad");
        var bad = RealOstree.Run("remote", "summary", "--repo=" + dst, "bad");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("BAD signature", bad.Stderr, StringComparison.Ordinal);
        Same(bad, CliRunner.Run("remote", "summary", "--repo=" + dst, "bad"), "bad remote summary");
    }

    [Fact]
    public void KeyringsImportedByEitherToolAreReadByTheOther()
    {
        if (Skip())
        {
            return;
        }
        using var dir = new TempDir();
        string both = dir.Combine("both.gpg");
        File.WriteAllBytes(both, [.. File.ReadAllBytes(_gpg.ExportPublic(_gpg.Subkey)), .. File.ReadAllBytes(_gpg.ExportPublic(_gpg.Protected))]);
        string multi = MultiUidKey(dir);
        string junk = dir.Combine("junk.gpg");
        File.WriteAllText(junk, "not a keyring\n");
        string armored = dir.Combine("stranger.asc");
        File.WriteAllBytes(armored, _gpg.Gpg(_gpg.Stranger, "", "--export", "--armor"));

        string theirs = EmptyRepo(dir, "theirs");
        string ours = EmptyRepo(dir, "ours");
        foreach (string repo in new[] { theirs, ours })
        {
            Ok(RealOstree.Run("remote", "add", "--repo=" + repo, "--no-gpg-verify", "origin", "file:///nonexistent"), "remote add");
        }
        ProcessResult Both(Func<string[], ProcessResult> run, string repo, params string[] args) => run(["remote", .. args.Take(1), "--repo=" + repo, .. args.Skip(1)]);
        var steps = new[]
        {
            new[] { "gpg-import", "-k", both, "origin" },
            ["gpg-import", "-k", both, "origin"],
            ["gpg-import", "-k", armored, "origin", _gpg.Fingerprint(_gpg.Stranger)[^16..]],
            ["gpg-import", "-k", both, "origin", "DEADBEEFDEADBEEF"],
            ["gpg-import", "-k", multi, "origin"],
            ["gpg-import", "-k", both, "nope"],
            ["gpg-import", "-k", dir.Combine("missing.gpg"), "origin"],
            ["gpg-import", "-k", junk, "origin"],
            ["gpg-list-keys", "nope"],
        };
        foreach (var step in steps)
        {
            Same(Both(RealOstree.Run, theirs, step), Both(CliRunner.Run, ours, step), string.Join(' ', step));
        }

        // Each tool lists both keyrings alike (ours has no gpg trust packets; ostree's has them).
        var listTheirs = RealOstree.Run("remote", "gpg-list-keys", "--repo=" + theirs, "origin");
        Ok(listTheirs, "ostree gpg-list-keys");
        Assert.Contains("Key: " + _gpg.Fingerprint(_gpg.Stranger), listTheirs.Stdout, StringComparison.Ordinal);
        Assert.Contains("  Subkey: ", listTheirs.Stdout, StringComparison.Ordinal);
        Assert.Contains("  Expires: ", listTheirs.Stdout, StringComparison.Ordinal);
        Same(listTheirs, CliRunner.Run("remote", "gpg-list-keys", "--repo=" + theirs, "origin"), "our gpg-list-keys on ostree's keyring");
        Same(listTheirs, RealOstree.Run("remote", "gpg-list-keys", "--repo=" + ours, "origin"), "ostree gpg-list-keys on our keyring");
        Same(listTheirs, CliRunner.Run("remote", "gpg-list-keys", "--repo=" + ours, "origin"), "our gpg-list-keys on our keyring");

        // --stdin takes binary key data as well (through sh redirection, as a user would).
        string theirStdin = EmptyRepo(dir, "theirs-stdin");
        string ourStdin = EmptyRepo(dir, "ours-stdin");
        const string script = "exec \"$0\" \"$@\" < \"$STDIN_FILE\"";
        var env = new Dictionary<string, string> { ["STDIN_FILE"] = both };
        foreach (string repo in new[] { theirStdin, ourStdin })
        {
            Ok(RealOstree.Run("remote", "add", "--repo=" + repo, "origin", "file:///nonexistent"), "remote add");
        }
        var viaStdinTheirs = ProcessRunner.Run("sh", ["-c", script, RealOstree.BinaryPath, "remote", "gpg-import", "--repo=" + theirStdin, "--stdin", "origin"], null, env);
        var viaStdinOurs = ProcessRunner.Run("sh", ["-c", script, "dotnet", CliRunner.AssemblyPath, "remote", "gpg-import", "--repo=" + ourStdin, "--stdin", "origin"], null, env);
        Ok(viaStdinTheirs, "ostree gpg-import --stdin");
        Same(viaStdinTheirs, viaStdinOurs, "gpg-import --stdin");
        Same(RealOstree.Run("remote", "gpg-list-keys", "--repo=" + theirStdin, "origin"), RealOstree.Run("remote", "gpg-list-keys", "--repo=" + ourStdin, "origin"),
            "keyrings imported from stdin");

        // ostree pull-local --gpg-verify accepts a commit signed by a key in our imported keyring.
        string src = SourceRepo(dir);
        Ok(RealOstree.Run("gpg-sign", "--repo=" + src, "--gpg-homedir=" + _gpg.Subkey, "main", _gpg.Fingerprint(_gpg.Subkey)), "ostree gpg-sign");
        string dst = EmptyRepo(dir, "dst");
        Ok(CliRunner.Run("remote", "add", "--repo=" + dst, "origin", "file://" + src), "our remote add");
        Ok(CliRunner.Run("remote", "gpg-import", "--repo=" + dst, "-k", both, "origin", _gpg.Fingerprint(_gpg.Subkey)), "our gpg-import");
        Ok(RealOstree.Run("pull-local", "--repo=" + dst, "--remote=origin", "--gpg-verify", src, "main"), "ostree pull-local --gpg-verify");
        string otherDst = EmptyRepo(dir, "other");
        Ok(CliRunner.Run("remote", "add", "--repo=" + otherDst, "origin", "file://" + src), "our remote add other");
        Ok(CliRunner.Run("remote", "gpg-import", "--repo=" + otherDst, "-k", both, "origin", _gpg.Fingerprint(_gpg.Protected)), "our gpg-import other key");
        Assert.NotEqual(0, RealOstree.Run("pull-local", "--repo=" + otherDst, "--remote=origin", "--gpg-verify", src, "main").ExitCode);
    }

    /// <summary>
    /// An expiring certify-only key with an expiring signing subkey and a second, newer user ID (gpg then lists it first),
    /// exported to a file; the temporary homedir's agent is stopped afterwards.
    /// </summary>
    private string MultiUidKey(TempDir dir)
    {
        string home = dir.Combine("multi-home");
        Directory.CreateDirectory(home);
        File.SetUnixFileMode(home, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            _gpg.Gpg(home, "", "--quick-gen-key", "Three <three@example.com>", "ed25519", "cert", "2y");
            string fpr = _gpg.Fingerprint(home);
            _gpg.Gpg(home, "", "--quick-add-key", fpr, "ed25519", "sign", "1y");
            Thread.Sleep(1100);
            _gpg.Gpg(home, "", "--quick-add-uid", fpr, "Alt Name <Alt.X@Example.org>");
            string path = dir.Combine("multi.gpg");
            File.WriteAllBytes(path, _gpg.Gpg(home, "", "--export"));
            return path;
        }
        finally
        {
            using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("gpgconf", ["--homedir", home, "--kill", "gpg-agent"]) { UseShellExecute = false });
            p?.WaitForExit(10_000);
        }
    }

    [Fact]
    public void Ed25519SignedSummaryVerifiesThroughSignVerifySummary()
    {
        if (Skip())
        {
            return;
        }
        using var dir = new TempDir();
        string src = SourceRepo(dir);
        using var key = Ed25519PrivateKey.Generate();
        string secret = Convert.ToBase64String(key.ExportLibsodiumSecretKey());
        Ok(CliRunner.Run("summary", "--repo=" + src, "-u", "--sign=" + secret, "--sign-type=ed25519"), "our summary -u --sign");
        byte[] summary = File.ReadAllBytes(Path.Combine(src, "summary"));
        byte[] ourSig = File.ReadAllBytes(Path.Combine(src, "summary.sig"));
        var trust = new Ed25519TrustStore();
        trust.AddTrusted(key.PublicKey);
        SummaryVerifier.RequireEd25519(summary, ourSig, trust);

        // Ed25519 signatures are deterministic: the library signer over the same bytes gives the same file.
        Assert.Equal(ourSig, SummarySigner.CreateSignatureFile(summary, null, [key]));

        // A remote with sign-verify-summary=true accepts it with the right key and refuses it with another.
        string dst = EmptyRepo(dir, "dst");
        Ok(CliRunner.Run("remote", "add", "--repo=" + dst, "--no-gpg-verify", "--sign-verify=ed25519=inline:" + key.PublicKey.ToBase64(),
            "--set=sign-verify-summary=true", "origin", "file://" + src), "remote add --sign-verify");
        Assert.Equal(RealOstree.Run("refs", "--repo=" + src).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(r => "origin:" + r + "\n").Aggregate("", string.Concat),
            CliRunner.Run("remote", "refs", "--repo=" + dst, "origin").Stdout);
        using var stranger = Ed25519PrivateKey.Generate();
        Ok(CliRunner.Run("remote", "add", "--repo=" + dst, "--no-gpg-verify", "--sign-verify=ed25519=inline:" + stranger.PublicKey.ToBase64(),
            "--set=sign-verify-summary=true", "other", "file://" + src), "remote add other");
        var refused = CliRunner.Run("remote", "summary", "--repo=" + dst, "other");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("ed25519: no signature of summary verifies with a trusted key", refused.Stderr, StringComparison.Ordinal);
        Ok(CliRunner.Run("summary", "--repo=" + src, "-u"), "unsigned summary -u");
        Assert.Contains("ed25519: no signatures found for summary", CliRunner.Run("remote", "summary", "--repo=" + dst, "origin").Stderr, StringComparison.Ordinal);

        var other = new Ed25519TrustStore();
        other.AddTrusted(stranger.PublicKey);
        Assert.Throws<SignatureVerificationException>(() => SummaryVerifier.RequireEd25519(summary, ourSig, other));
    }

    [Fact]
    public void RemoteKeyringStoreImportsFiltersAndKeepsExistingBytes()
    {
        if (Skip())
        {
            return;
        }
        using var dir = new TempDir();
        string repo = dir.Combine("repo");
        Directory.CreateDirectory(repo);
        byte[] sub = File.ReadAllBytes(_gpg.ExportPublic(_gpg.Subkey));
        byte[] prot = File.ReadAllBytes(_gpg.ExportPublic(_gpg.Protected));
        Assert.Equal(1, RemoteKeyringStore.Import(repo, "r", [sub], [_gpg.Fingerprint(_gpg.Subkey).ToLowerInvariant()]));
        string path = RemoteKeyringStore.GetPath(repo, "r");
        Assert.Equal(sub, File.ReadAllBytes(path));
        Assert.Equal(0, RemoteKeyringStore.Import(repo, "r", [sub]));
        Assert.Throws<OpenPgpKeyNotFoundException>(() => RemoteKeyringStore.Import(repo, "r", [prot], ["0123456789ABCDEF"]));
        Assert.Equal(1, RemoteKeyringStore.Import(repo, "r", [sub, prot]));
        Assert.Equal([.. sub, .. prot], File.ReadAllBytes(path));
        var keyring = GpgKeyringResolver.ForRemote(repo, "r", globalDirectory: dir.Combine("none"));
        Assert.Equal([_gpg.Fingerprint(_gpg.Subkey), _gpg.Fingerprint(_gpg.Protected)], keyring.PrimaryKeys.Select(k => k.Fingerprint));
    }
}
