using OstreeSharp.Deltas;
using OstreeSharp.Interop.Tests.Compat;
using OstreeSharp.Interop.Tests.Infrastructure;
using OstreeSharp.Objects;
using OstreeSharp.Signing.Ed25519;
using Xunit.Abstractions;

namespace OstreeSharp.Interop.Tests.Deltas;

/// <summary>
/// Signed delta superblocks (spec §7.3) against the real ostree 2022.7. Debian's build lacks ed25519, so the byte
/// layout is proven both ways with ostree's test-only <c>dummy</c> type (<c>OSTREE_DUMMY_SIGN_ENABLED=1</c>; both tools
/// run as child processes so the variable never leaks into other tests); ed25519 is checked within ostree-sharp, plus
/// real ostree applying and fsck-ing our ed25519-signed deltas without verification.
/// </summary>
[Collection(DeltaCollection.Name)]
public sealed class SignedDeltaInteropTests(DeltaFixture fixture, ITestOutputHelper output)
{
    private static readonly Dictionary<string, string> DummyEnv = new() { ["OSTREE_DUMMY_SIGN_ENABLED"] = "1" };
    private static readonly Dictionary<string, string> NoDummyEnv = new() { ["OSTREE_DUMMY_SIGN_ENABLED"] = "" };

    private static ProcessResult Theirs(IReadOnlyDictionary<string, string> env, params string[] args) =>
        ProcessRunner.Run(RealOstree.BinaryPath, args, null, env);

    private static ProcessResult Ours(IReadOnlyDictionary<string, string> env, params string[] args) =>
        ProcessRunner.Run("dotnet", [CliRunner.AssemblyPath, .. args], null, env);

    private static void AssertOk(ProcessResult r, string what) => Assert.True(r.ExitCode == 0, what + ": " + r);

    private string DeltaName => fixture.V1 + "-" + fixture.V2;

    private string RepoWithCommits()
    {
        string repo = fixture.NewRepo("archive");
        RealOstree.RunChecked("pull-local", "--repo=" + repo, fixture.Source, "v1", "v2");
        return repo;
    }

    private string TargetWithV1(string mode = "bare-user")
    {
        string target = fixture.NewRepo(mode);
        RealOstree.RunChecked("pull-local", "--repo=" + target, fixture.Source, fixture.V1);
        return target;
    }

    private static string DeltaDirectory(string repo, string name)
    {
        Assert.True(StaticDeltaName.TryParse(name, out var parsed));
        return Path.Combine(repo, parsed.RelativeDirectory);
    }

    private void AssertV2Intact(string target)
    {
        AssertOk(RealOstree.Run("fsck", "--repo=" + target), "fsck");
        Assert.Equal(RealOstree.RunChecked("ls", "-R", "-X", "--repo=" + fixture.Source, fixture.V2),
            RealOstree.RunChecked("ls", "-R", "-X", "--repo=" + target, fixture.V2));
    }

    private static void AssertSameShow(string repo, string name) =>
        Tools.AssertSame(RealOstree.Run("static-delta", "show", "--repo=" + repo, name),
            CliRunner.Run("static-delta", "show", "--repo=" + repo, name), "show " + name);

    [Fact]
    public void RealOstreeVerifiesAndAppliesOurDummySignedDelta()
    {
        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }
        string repo = RepoWithCommits();
        AssertOk(Ours(DummyEnv, "static-delta", "generate", "--repo=" + repo, "--from=v1", "--to=v2", "--sign-type=dummy", "--sign=K1", "--sign=K2"), "generate");
        string dir = DeltaDirectory(repo, DeltaName);
        byte[] file = File.ReadAllBytes(Path.Combine(dir, "superblock"));
        Assert.Equal("OSTSGNDT"u8.ToArray(), file[..8]);

        foreach (string key in new[] { "K1", "K2", "WRONG" })
        {
            var theirs = Theirs(DummyEnv, "static-delta", "verify", "--repo=" + repo, "--sign-type=dummy", DeltaName, key);
            Assert.Equal(key == "WRONG" ? 1 : 0, theirs.ExitCode);
            Tools.AssertSame(theirs, Ours(DummyEnv, "static-delta", "verify", "--repo=" + repo, "--sign-type=dummy", DeltaName, key), "verify " + key);
        }
        Assert.Equal("error: signature: dummy: incorrect signatures found: 2\n",
            Theirs(DummyEnv, "static-delta", "verify", "--repo=" + repo, "--sign-type=dummy", DeltaName, "WRONG").Stderr);
        AssertSameShow(repo, DeltaName);

        string target = TargetWithV1();
        AssertOk(Theirs(DummyEnv, "static-delta", "apply-offline", "--repo=" + target, "--sign-type=dummy", dir, "K1"), "real apply-offline");
        AssertV2Intact(target);

        string refused = TargetWithV1();
        var theirsWrong = Theirs(DummyEnv, "static-delta", "apply-offline", "--repo=" + refused, "--sign-type=dummy", dir, "WRONG");
        Assert.Equal(1, theirsWrong.ExitCode);
        Tools.AssertSame(theirsWrong, Ours(DummyEnv, "static-delta", "apply-offline", "--repo=" + refused, "--sign-type=dummy", dir, "WRONG"), "apply-offline WRONG");
        Assert.False(File.Exists(CommitPath(refused, fixture.V2)));
    }

    private static string CommitPath(string repo, string checksum) => Path.Combine(repo, "objects", checksum[..2], checksum[2..] + ".commit");

    [Fact]
    public void WeVerifyAndApplyRealOstreesDummySignedDelta()
    {
        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }
        string repo = RepoWithCommits();
        AssertOk(Theirs(DummyEnv, "static-delta", "generate", "--repo=" + repo, "--from=v1", "--to=v2", "--sign-type=dummy", "--sign=SECRET"), "real generate");
        string dir = DeltaDirectory(repo, DeltaName);
        string superblock = Path.Combine(dir, "superblock");

        foreach (string[] keys in new[] { new[] { "SECRET" }, ["WRONG"], ["WRONG", "SECRET"], ["SECRET", "WRONG"] })
        {
            foreach (string delta in new[] { DeltaName, superblock })
            {
                string[] args = ["static-delta", "verify", "--repo=" + repo, "--sign-type=dummy", delta, .. keys];
                Tools.AssertSame(Theirs(DummyEnv, args), Ours(DummyEnv, args), string.Join(' ', args));
            }
        }
        Assert.Equal("Verification OK\n", Ours(DummyEnv, "static-delta", "verify", "--repo=" + repo, "--sign-type=dummy", superblock, "SECRET").Stdout);
        var (k, _, pub) = NewKey(5);
        using (k)
        {
            var ed = CliRunner.Run("static-delta", "verify", "--repo=" + repo, DeltaName, pub);
            Assert.Equal("Verification fails\n", ed.Stdout);
            Assert.Equal("error: no signature for 'ostree.sign.ed25519' in static-delta superblock\n", ed.Stderr);
        }
        AssertSameShow(repo, DeltaName);

        string target = TargetWithV1();
        AssertOk(Ours(DummyEnv, "static-delta", "apply-offline", "--repo=" + target, "--sign-type=dummy", dir, "SECRET"), "our apply-offline");
        AssertV2Intact(target);
        string target2 = TargetWithV1("archive");
        AssertOk(CliRunner.Run("static-delta", "apply-offline", "--repo=" + target2, superblock), "our apply-offline without keys");
        AssertV2Intact(target2);
    }

    [Fact]
    public void SignedWrapperBytesMatchOstrees()
    {
        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }
        string repo = RepoWithCommits();
        AssertOk(Theirs(DummyEnv, "static-delta", "generate", "--repo=" + repo, "--empty", "--to=v1", "--inline", "--sign-type=dummy", "--sign=AAA", "--sign=BBBB", "--sign="), "real generate");
        byte[] theirs = File.ReadAllBytes(Path.Combine(DeltaDirectory(repo, fixture.V1), "superblock"));
        Assert.True(DeltaSuperblock.IsSignedSuperblock(theirs));
        var sb = DeltaSuperblock.Parse(theirs);
        Assert.True(sb.IsSigned);
        Assert.Equal(["ostree.sign.dummy"], sb.Signatures!.Keys);
        Assert.Equal(["AAA"u8.ToArray(), "BBBB"u8.ToArray(), []], StaticDeltaVerifier.GetSignatures(sb, "ostree.sign.dummy"));

        // Our wrapper writer reproduces ostree's file from its parts, and our superblock writer its inner bytes.
        Assert.Equal(theirs, DeltaSuperblock.SerializeSigned(sb.RawBytes.Span, sb.Signatures));
        Assert.Equal(sb.RawBytes.ToArray(), DeltaSuperblock.Serialize(sb.Metadata, sb.Timestamp, sb.From, sb.Commit, sb.Parts, sb.Fallbacks, sb.Endianness));

        // The same dummy keys through our generator give the same signature dictionary over our own unsigned bytes.
        string ours = fixture.NewDirectory("ours-dummy");
        AssertOk(Ours(DummyEnv, "static-delta", "generate", "--repo=" + repo, "--empty", "--to=v1", "--inline", "--sign-type=dummy", "--sign=AAA", "--sign=BBBB", "--sign=",
            "--filename=" + Path.Combine(ours, "superblock")), "our generate");
        byte[] ourFile = File.ReadAllBytes(Path.Combine(ours, "superblock"));
        var ourSb = DeltaSuperblock.Parse(ourFile);
        Assert.Equal(sb.Signatures.Serialize(), ourSb.Signatures!.Serialize());
        Assert.Equal(ourFile, DeltaSuperblock.SerializeSigned(ourSb.RawBytes.Span, ourSb.Signatures));
        Assert.Equal(sb.To, ourSb.To);
        Tools.AssertSame(Theirs(DummyEnv, "static-delta", "verify", "--repo=" + repo, "--sign-type=dummy", Path.Combine(ours, "superblock"), "BBBB"),
            Ours(DummyEnv, "static-delta", "verify", "--repo=" + repo, "--sign-type=dummy", Path.Combine(ours, "superblock"), "BBBB"), "verify ours");
        string target = fixture.NewRepo("archive");
        AssertOk(Theirs(DummyEnv, "static-delta", "apply-offline", "--repo=" + target, "--sign-type=dummy", Path.Combine(ours, "superblock"), "AAA"), "real apply of our inline delta");
        AssertOk(RealOstree.Run("fsck", "--repo=" + target), "fsck");
    }

    private static (Ed25519PrivateKey Key, string Secret, string Public) NewKey(byte seed)
    {
        byte[] s = Enumerable.Range(0, 32).Select(i => (byte)(seed * 31 + i)).ToArray();
        var key = Ed25519PrivateKey.FromSeed(s);
        return (key, Convert.ToBase64String([.. s, .. key.PublicKey.Span]), key.PublicKey.ToBase64());
    }

    [Fact]
    public void Ed25519SignedDeltaVerifiesInOursAndAppliesInRealOstree()
    {
        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }
        var (k1, secret, pub) = NewKey(1);
        var (k2, _, otherPub) = NewKey(2);
        using (k1)
        using (k2)
        {
            string repo = RepoWithCommits();
            AssertOk(CliRunner.Run("static-delta", "generate", "--repo=" + repo, "--from=v1", "--to=v2", "--sign=" + secret), "generate");
            string dir = DeltaDirectory(repo, DeltaName);
            var sb = DeltaSuperblock.Parse(File.ReadAllBytes(Path.Combine(dir, "superblock")));
            Assert.True(sb.IsSigned);
            var sigs = StaticDeltaVerifier.GetSignatures(sb, "ostree.sign.ed25519");
            Assert.Single(sigs);
            Assert.True(k1.PublicKey.Verify(sb.RawBytes.Span, sigs[0]));

            var ok = CliRunner.Run("static-delta", "verify", "--repo=" + repo, DeltaName, pub);
            Assert.True(ok.ExitCode == 0, ok.ToString());
            Assert.Equal("Verification OK\n", ok.Stdout);
            Assert.Equal(0, CliRunner.Run("static-delta", "verify", "--repo=" + repo, "--sign-type=ed25519", Path.Combine(dir, "superblock"), otherPub, secret).ExitCode);
            var bad = CliRunner.Run("static-delta", "verify", "--repo=" + repo, DeltaName, otherPub);
            Assert.Equal(1, bad.ExitCode);
            Assert.Equal("Verification fails\n", bad.Stdout);
            Assert.StartsWith("error: signature: ed25519: ", bad.Stderr, StringComparison.Ordinal);

            // Asked for the dummy type, both tools find no 'ostree.sign.dummy' entry in our ed25519-signed superblock.
            foreach (string sub in new[] { "verify", "apply-offline" })
            {
                string[] args = ["static-delta", sub, "--repo=" + (sub == "verify" ? repo : TargetWithV1()), "--sign-type=dummy", sub == "verify" ? DeltaName : dir, "K"];
                var theirs = Theirs(DummyEnv, args);
                Assert.EndsWith("error: no signature for 'ostree.sign.dummy' in static-delta superblock\n", theirs.Stderr, StringComparison.Ordinal);
                Tools.AssertSame(theirs, Ours(DummyEnv, args), sub + " --sign-type=dummy on an ed25519-signed delta");
            }

            // Real ostree shows it like ours and applies it without verification; fsck is clean.
            AssertSameShow(repo, DeltaName);
            Assert.Contains("Signed: yes\n", RealOstree.RunChecked("static-delta", "show", "--repo=" + repo, DeltaName), StringComparison.Ordinal);
            string target = TargetWithV1();
            AssertOk(RealOstree.Run("static-delta", "apply-offline", "--repo=" + target, dir), "real apply-offline");
            AssertV2Intact(target);

            // Our apply-offline verifies when keys are given: a wrong key writes nothing.
            string refused = TargetWithV1("archive");
            var wrong = CliRunner.Run("static-delta", "apply-offline", "--repo=" + refused, dir, otherPub);
            Assert.Equal(1, wrong.ExitCode);
            Assert.StartsWith("error: signature: ed25519: ", wrong.Stderr, StringComparison.Ordinal);
            Assert.False(File.Exists(CommitPath(refused, fixture.V2)));
            AssertOk(CliRunner.Run("static-delta", "apply-offline", "--repo=" + refused, dir, pub), "our apply-offline with the key");
            AssertV2Intact(refused);
        }
    }

    [Fact]
    public void UnsignedDeltaWithKeys()
    {
        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }
        var (k, _, pub) = NewKey(3);
        using (k)
        {
            string repo = RepoWithCommits();
            RealOstree.RunChecked("static-delta", "generate", "--repo=" + repo, "--from=v1", "--to=v2");
            string[] dummyArgs = ["static-delta", "verify", "--repo=" + repo, "--sign-type=dummy", DeltaName, "K"];
            var theirs = Theirs(DummyEnv, dummyArgs);
            Assert.Equal("error: no signatures in static-delta\n", theirs.Stderr);
            Tools.AssertSame(theirs, Ours(DummyEnv, dummyArgs), "verify unsigned");
            var ed = CliRunner.Run("static-delta", "verify", "--repo=" + repo, DeltaName, pub);
            Assert.Equal(theirs.Stdout + theirs.Stderr, ed.Stdout + ed.Stderr);

            // Like ostree 2022.7, apply-offline with keys applies an unsigned delta without complaint.
            string target = TargetWithV1();
            string dir = DeltaDirectory(repo, DeltaName);
            AssertOk(CliRunner.Run("static-delta", "apply-offline", "--repo=" + target, dir, pub), "apply unsigned with key");
            AssertV2Intact(target);
            string target2 = TargetWithV1();
            AssertOk(Theirs(DummyEnv, "static-delta", "apply-offline", "--repo=" + target2, "--sign-type=dummy", dir, "K"), "real apply unsigned with key");
        }
    }

    public static TheoryData<string, bool, string[]> ErrorCases() => new()
    {
        { "no delta", true, ["verify", "--sign-type=dummy"] },
        { "unknown type", true, ["verify", "--sign-type=foo", "NAME", "K"] },
        { "dummy without keys", true, ["verify", "--sign-type=dummy", "NAME"] },
        { "bad name", true, ["verify", "--sign-type=dummy", "nonexist", "K"] },
        { "name without superblock", true, ["verify", "--sign-type=dummy", "V1", "K"] },
        { "missing path", true, ["verify", "--sign-type=dummy", "/nonexistent/superblock", "K"] },
        { "directory path", true, ["verify", "--sign-type=dummy", "DIR", "K"] },
        { "dummy disabled", false, ["verify", "--sign-type=dummy", "NAME", "K"] },
        { "dummy disabled, bad name", false, ["verify", "--sign-type=dummy", "nonexist", "K"] },
        { "apply without path", true, ["apply-offline", "--sign-type=dummy"] },
        { "apply missing path", true, ["apply-offline", "--sign-type=dummy", "/nonexistent/x", "K"] },
        { "apply dummy disabled", false, ["apply-offline", "--sign-type=dummy", "DIR", "K"] },
        { "apply dummy disabled, no keys", false, ["apply-offline", "--sign-type=dummy", "DIR"] },
    };

    [Theory]
    [MemberData(nameof(ErrorCases))]
    public void ErrorsMatchOstree(string what, bool dummyEnabled, string[] template)
    {
        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }
        string repo = RepoWithCommits();
        AssertOk(Theirs(DummyEnv, "static-delta", "generate", "--repo=" + repo, "--from=v1", "--to=v2", "--sign-type=dummy", "--sign=K"), "real generate");
        string dir = DeltaDirectory(repo, DeltaName);
        string target = TargetWithV1();
        string[] args = ["static-delta", template[0], "--repo=" + (template[0] == "verify" ? repo : target),
            .. template.Skip(1).Select(a => a switch { "NAME" => DeltaName, "V1" => fixture.V1, "DIR" => dir, _ => a })];
        var env = dummyEnabled ? DummyEnv : NoDummyEnv;
        var theirs = Theirs(env, args);
        Assert.Equal(what == "apply dummy disabled, no keys" ? 0 : 1, theirs.ExitCode);
        Tools.AssertSame(theirs, Ours(env, args), what);
    }

    [Fact]
    public void GenerateWithAnUnavailableTypeWritesNoSuperblock()
    {
        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }
        foreach (var (type, env, message) in new[]
        {
            ("dummy", NoDummyEnv, "error: dummy signature type is only for ostree testing\n"),
            ("foo", DummyEnv, "error: Requested signature type is not implemented\n"),
        })
        {
            foreach (bool real in new[] { true, false })
            {
                string repo = RepoWithCommits();
                string[] args = ["static-delta", "generate", "--repo=" + repo, "--from=v1", "--to=v2", "--sign-type=" + type, "--sign=K"];
                var r = real ? Theirs(env, args) : Ours(env, args);
                Assert.Equal(1, r.ExitCode);
                Assert.EndsWith(message, r.Stderr, StringComparison.Ordinal);
                Assert.StartsWith("Generating static delta:\n", r.Stdout, StringComparison.Ordinal);
                string dir = DeltaDirectory(repo, DeltaName);
                Assert.False(File.Exists(Path.Combine(dir, "superblock")), (real ? "ostree " : "ostree-sharp ") + type);
                Assert.True(File.Exists(Path.Combine(dir, "0")), (real ? "ostree " : "ostree-sharp ") + type);
            }
        }
    }

    [Theory]
    [InlineData("generate")]
    [InlineData("verify")]
    [InlineData("apply-offline")]
    [InlineData("show")]
    public void HelpMatches(string subcommand)
    {
        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }
        var theirs = RealOstree.Run("static-delta", subcommand, "--help");
        var ours = CliRunner.Run("static-delta", subcommand, "--help");
        Assert.Equal(theirs.ExitCode, ours.ExitCode);
        // Help lines of documented ostree-sharp-only options (marked "(ostree-sharp extension)") are left out.
        string kept = string.Join('\n', ours.Stdout.Split('\n').Where(l => !l.Contains("(ostree-sharp extension)", StringComparison.Ordinal)));
        Assert.Equal(theirs.Stdout.Replace(RealOstree.BinaryPath, "ostree", StringComparison.Ordinal),
            kept.Replace("ostree-sharp", "ostree", StringComparison.Ordinal));
    }
}
