using FsCheck;
using FsCheck.Fluent;
using OstreeSharp.Repository;
using OstreeSharp.Tests.Native;

namespace OstreeSharp.Tests.Repository;

public sealed class OstreeRepoFixture : IDisposable
{
    private readonly TempDir _dir = new();

    public OstreeRepoFixture()
    {
        Repo = _dir.Combine("repo");
        TestProcess.Check("ostree", "init", "--repo=" + Repo, "--mode=archive");
    }

    public string Repo { get; }

    public string Scratch => _dir.Path;

    public void Dispose() => _dir.Dispose();
}

public class NameValidationTests : IClassFixture<OstreeRepoFixture>
{
    private readonly OstreeRepoFixture _fixture;

    public NameValidationTests(OstreeRepoFixture fixture) => _fixture = fixture;

    /// <summary>Asks real ostree whether a refspec is syntactically valid (rev-parse validates before lookup).</summary>
    private bool OstreeAcceptsRefSpec(string refspec)
    {
        var r = TestProcess.Run("ostree", "rev-parse", "--repo=" + _fixture.Repo, "--", refspec);
        Assert.NotEqual(0, r.ExitCode); // the repo has no refs
        return !r.StdErr.Contains("Invalid refspec", StringComparison.Ordinal);
    }

    private bool OstreeAcceptsCollectionId(string id)
    {
        string repo = Path.Combine(_fixture.Scratch, "c" + Guid.NewGuid().ToString("N"));
        var r = TestProcess.Run("ostree", "init", "--repo=" + repo, "--mode=archive", "--collection-id=" + id);
        if (r.ExitCode != 0)
        {
            Assert.Equal($"error: Invalid collection ID {id}", r.StdErr.Trim());
        }

        return r.ExitCode == 0;
    }

    private bool OstreeAcceptsRemoteName(string name)
    {
        var r = TestProcess.Run("ostree", "remote", "add", "--repo=" + _fixture.Repo, "--if-not-exists", name, "http://example.com");
        if (r.ExitCode != 0)
        {
            Assert.Equal($"error: Invalid remote name {name}", r.StdErr.Trim());
        }

        return r.ExitCode == 0;
    }

    [Theory]
    [InlineData("a", true)]
    [InlineData("a/b", true)]
    [InlineData("_a", true)]
    [InlineData("a-", true)]
    [InlineData("a.", true)]
    [InlineData("a..b", true)]
    [InlineData("A.B-c_d", true)]
    [InlineData("1", true)]
    [InlineData("_", true)]
    [InlineData("é", true)]
    [InlineData("ü/x", true)]
    [InlineData("٣", true)]
    [InlineData("²", true)]
    [InlineData("Ⅻ", true)]
    [InlineData("中文", true)]
    [InlineData("ª", true)]
    [InlineData("ʰ", true)]
    [InlineData("ǅ", true)]
    [InlineData("𝒜", true)]
    [InlineData("x:a", true)]
    [InlineData("-a", false)]
    [InlineData(".a", false)]
    [InlineData("a/../b", false)]
    [InlineData("a//b", false)]
    [InlineData("/a", false)]
    [InlineData("a/", false)]
    [InlineData("a b", false)]
    [InlineData("a@b", false)]
    [InlineData("a~", false)]
    [InlineData("a/-b", false)]
    [InlineData("a/.b", false)]
    [InlineData("e\u0301", false)]
    [InlineData("\u0301e", false)]
    [InlineData("‿", false)]
    [InlineData("a‿b", false)]
    [InlineData("a\u200db", false)]
    [InlineData("a\u0903", false)]
    [InlineData("a\u20dd", false)]
    [InlineData("x:a:b", false)]
    [InlineData("::", false)]
    [InlineData(":a", false)]
    [InlineData("a:", false)]
    [InlineData("a/b:c", false)]
    [InlineData("x y:a", false)]
    public void RefSpecValidityMatchesOstree(string refspec, bool valid)
    {
        Assert.Equal(valid, NameValidation.IsValidRefSpec(refspec));
        Assert.Equal(valid, OstreeAcceptsRefSpec(refspec));
        Assert.Equal(valid, RefSpec.TryParse(refspec, out _));
    }

    [Fact]
    public void RandomRefSpecsAgreeWithOstree()
    {
        var gen = Gen.Elements("a", "Z", "0", "_", "-", ".", "/", ":", "é", "٣", "‿", " ", "@", "\u0301", "𝒜")
            .NonEmptyListOf().Select(string.Concat);
        Prop.ForAll(gen.ToArbitrary(), s => NameValidation.IsValidRefSpec(s) == OstreeAcceptsRefSpec(s))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(150));
    }

    [Fact]
    public void GeneratedValidRefNamesAreAcceptedByOstree()
    {
        var first = Gen.Elements("a", "Z", "0", "_", "é", "٣", "中");
        var rest = Gen.Elements("a", "9", "_", "-", ".", "ß").ListOf().Select(string.Concat);
        var fragment = Gen.Zip(first, rest).Select(t => t.Item1 + t.Item2);
        var name = fragment.NonEmptyListOf().Select(f => string.Join('/', f));
        Prop.ForAll(name.ToArbitrary(), n => NameValidation.IsValidRefName(n) && OstreeAcceptsRefSpec(n))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(50));
    }

    [Theory]
    [InlineData("org.example", true)]
    [InlineData("org._x", true)]
    [InlineData("_o.x", true)]
    [InlineData("org.x_1.y", true)]
    [InlineData("Org.Example.Os2", true)]
    [InlineData("org", false)]
    [InlineData("org.1x", false)]
    [InlineData("org.x-y", false)]
    [InlineData("org..x", false)]
    [InlineData("org.x.", false)]
    [InlineData(".org.x", false)]
    [InlineData("o-r.x", false)]
    [InlineData("é.x", false)]
    [InlineData("a b.c", false)]
    public void CollectionIdValidityMatchesOstree(string id, bool valid)
    {
        Assert.Equal(valid, NameValidation.IsValidCollectionId(id));
        Assert.Equal(valid, OstreeAcceptsCollectionId(id));
    }

    [Fact]
    public void CollectionIdLengthLimitMatchesOstree()
    {
        string ok = "org." + new string('x', 251);
        string tooLong = "org." + new string('x', 252);
        Assert.Equal(255, ok.Length);
        Assert.True(NameValidation.IsValidCollectionId(ok));
        Assert.False(NameValidation.IsValidCollectionId(tooLong));
        Assert.True(OstreeAcceptsCollectionId(ok));
        Assert.False(OstreeAcceptsCollectionId(tooLong));
    }

    [Fact]
    public void RandomCollectionIdsAgreeWithOstree()
    {
        var gen = Gen.Elements("a", "Z", "_", "0", ".", "-", "é", "org.").NonEmptyListOf().Select(string.Concat)
            .Where(s => !s.StartsWith('-'));
        Prop.ForAll(gen.ToArbitrary(), s => NameValidation.IsValidCollectionId(s) == OstreeAcceptsCollectionId(s))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(60));
    }

    [Theory]
    [InlineData("origin", true)]
    [InlineData("a.b", true)]
    [InlineData("a-b", true)]
    [InlineData("_", true)]
    [InlineData("é", true)]
    [InlineData("1", true)]
    [InlineData("a:b", false)]
    [InlineData("bad/name", false)]
    [InlineData("bad name", false)]
    [InlineData(".x", false)]
    public void RemoteNameValidityMatchesOstree(string name, bool valid)
    {
        Assert.Equal(valid, NameValidation.IsValidRemoteName(name));
        Assert.Equal(valid, OstreeAcceptsRemoteName(name));
    }

    [Fact]
    public void ValidateThrowsLibostreeMessages()
    {
        var e = Assert.Throws<InvalidRefNameException>(() => NameValidation.ValidateRefName("a b", "name"));
        Assert.Equal("Invalid ref name a b", e.Message);
        Assert.Equal("a b", e.Name);
        Assert.Equal("name", e.ParamName);
        Assert.IsAssignableFrom<ArgumentException>(e);
        Assert.Equal("Invalid remote name bad/name", Assert.Throws<InvalidRemoteNameException>(() => NameValidation.ValidateRemoteName("bad/name")).Message);
        Assert.Equal("Invalid collection ID org", Assert.Throws<InvalidCollectionIdException>(() => NameValidation.ValidateCollectionId("org")).Message);
        NameValidation.ValidateRefName("ok/name");
        NameValidation.ValidateRemoteName("origin");
        NameValidation.ValidateCollectionId("org.example.Os");
        Assert.Throws<ArgumentNullException>(() => NameValidation.ValidateRefName(null!));
    }

    [Fact]
    public void ChecksumsAreRecognised()
    {
        string hex = new string('a', 63) + "0";
        Assert.True(NameValidation.IsChecksum(hex));
        Assert.False(NameValidation.IsChecksum(hex.ToUpperInvariant()));
        Assert.False(NameValidation.IsChecksum(hex.AsSpan(0, 63)));
        Assert.False(NameValidation.IsChecksum(new string('g', 64)));
        // ostree prints a well-formed checksum back without looking it up; an uppercase one is a ref lookup
        Assert.Equal(hex, TestProcess.Check("ostree", "rev-parse", "--repo=" + _fixture.Repo, hex).Trim());
        Assert.NotEqual(0, TestProcess.Run("ostree", "rev-parse", "--repo=" + _fixture.Repo, hex.ToUpperInvariant()).ExitCode);
    }
}
