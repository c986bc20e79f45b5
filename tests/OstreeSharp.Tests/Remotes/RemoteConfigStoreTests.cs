using OstreeSharp.Remotes;
using OstreeSharp.Repository;
using OstreeSharp.Tests.Support;

namespace OstreeSharp.Tests.Remotes;

public sealed class RemoteConfigStoreTests
{
    [Fact]
    public void AddWritesKeysInOstreeOrder()
    {
        using var dir = new ScratchDir();
        using var repo = OstreeRepo.Create(dir.Combine("repo"), RepoMode.Archive);
        var store = new RemoteConfigStore(repo);
        Assert.True(store.Add("r7", "http://y/", new RemoteAddOptions
        {
            Branches = ["br"],
            ContentUrl = "http://c",
            CustomBackend = "cb",
            Settings = [new("a", "b"), new("url", "http://over")],
            NoGpgVerify = true,
            SignVerify = ["ed25519=inline:KEY", "ed25519=file:/k"],
            CollectionId = "e.f",
        }));
        string config = File.ReadAllText(Path.Combine(repo.Path, "config"));
        Assert.Equal("""
            [core]
            repo_version=1
            mode=archive-z2

            [remote "r7"]
            url=http://over
            branches=br;
            contenturl=http://c
            custom-backend=cb
            a=b
            gpg-verify=false
            verification-ed25519-key=KEY
            verification-ed25519-file=/k
            sign-verify=ed25519,ed25519
            collection-id=e.f

            """.Replace("\r\n", "\n"), config);
        var r = store.Get("r7");
        Assert.Equal("http://over", r.Url);
        Assert.False(r.GpgVerify);
        Assert.False(r.GpgVerifySummary);
        Assert.Equal(["br"], r.Branches);
        Assert.Equal("e.f", r.CollectionId);
        Assert.Null(r.SourceFile);
    }

    [Fact]
    public void ExistingRemoteErrorsUnlessIfNotExistsOrForce()
    {
        using var dir = new ScratchDir();
        using var repo = OstreeRepo.Create(dir.Combine("repo"), RepoMode.Archive);
        var store = new RemoteConfigStore(repo);
        store.Add("origin", "http://a");
        store.Add("second", "http://b");
        var ex = Assert.Throws<RemoteExistsException>(() => store.Add("origin", "http://c"));
        Assert.Equal("Remote configuration for \"origin\" already exists: (in config)", ex.Message);
        Assert.False(store.Add("origin", "http://c", new RemoteAddOptions { IfNotExists = true }));
        Assert.Equal("http://a", store.Get("origin").Url);
        Assert.True(store.Add("origin", "http://c", new RemoteAddOptions { Force = true }));
        Assert.Equal("http://c", store.Get("origin").Url);
        Assert.Equal(["origin", "second"], store.List().Select(r => r.Name));
        // --force re-adds the group at the end of the file, like ostree
        string config = File.ReadAllText(Path.Combine(repo.Path, "config"));
        Assert.True(config.IndexOf("[remote \"second\"]", StringComparison.Ordinal) < config.IndexOf("[remote \"origin\"]", StringComparison.Ordinal));
    }

    [Fact]
    public void DeleteAndLookupErrors()
    {
        using var dir = new ScratchDir();
        using var repo = OstreeRepo.Create(dir.Combine("repo"), RepoMode.Archive);
        var store = new RemoteConfigStore(repo);
        Assert.Equal("Remote \"nosuch\" not found", Assert.Throws<RemoteNotFoundException>(() => store.Get("nosuch")).Message);
        Assert.Equal("Remote \"nosuch\" not found", Assert.Throws<RemoteNotFoundException>(() => store.Delete("nosuch")).Message);
        Assert.False(store.Delete("nosuch", ifExists: true));
        Assert.Equal("Invalid remote name bad name", Assert.Throws<InvalidRemoteNameException>(() => store.Add("bad name", "http://x")).Message);
        store.Add("origin", "http://a");
        Assert.True(store.Delete("origin"));
        Assert.Empty(store.List());
        Assert.Equal("[core]\nrepo_version=1\nmode=archive-z2\n", File.ReadAllText(Path.Combine(repo.Path, "config")));
    }

    [Theory]
    [InlineData("ed25519", "Failed to parse KEYTYPE=[inline|file]:DATA in ed25519")]
    [InlineData("ed25519=inline", "Failed to parse KEYTYPE=[inline|file]:DATA in ed25519=inline")]
    [InlineData("ed25519=bad:x", "Invalid key reference bad, expected inline|file")]
    public void MalformedSignVerifySpecs(string spec, string message)
    {
        using var dir = new ScratchDir();
        using var repo = OstreeRepo.Create(dir.Combine("repo"), RepoMode.Archive);
        var ex = Assert.Throws<FormatException>(() => new RemoteConfigStore(repo).Add("x", "http://x", new RemoteAddOptions { SignVerify = [spec] }));
        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void UnknownSignatureTypeIsNotImplemented()
    {
        using var dir = new ScratchDir();
        using var repo = OstreeRepo.Create(dir.Combine("repo"), RepoMode.Archive);
        var ex = Assert.Throws<NotSupportedException>(() => new RemoteConfigStore(repo).Add("x", "http://x", new RemoteAddOptions { SignVerify = ["bogus=inline:x"] }));
        Assert.Equal("Requested signature type is not implemented", ex.Message);
    }

    [Fact]
    public void RemotesDirectoryIsReadAndDeletable()
    {
        using var dir = new ScratchDir();
        using var repo = OstreeRepo.Create(dir.Combine("repo"), RepoMode.Archive);
        string remotesDir = dir.Combine("remotes.d");
        Directory.CreateDirectory(remotesDir);
        File.WriteAllText(Path.Combine(remotesDir, "a.conf"), "[remote \"fromfile\"]\nurl=file:///srv/repo\ngpg-verify=false\n");
        var store = new RemoteConfigStore(repo, remotesDir);
        store.Add("local", "http://l");
        Assert.Equal(["fromfile", "local"], store.List().Select(r => r.Name));
        var r = store.Get("fromfile");
        Assert.Equal(Path.Combine(remotesDir, "a.conf"), r.SourceFile);
        Assert.False(r.GpgVerify);
        Assert.Equal($"Remote configuration for \"fromfile\" already exists: {r.SourceFile}",
            Assert.Throws<RemoteExistsException>(() => store.Add("fromfile", "http://x")).Message);
        Assert.True(store.Delete("fromfile"));
        Assert.False(File.Exists(Path.Combine(remotesDir, "a.conf")));
    }

    [Theory]
    [InlineData("file:///srv/repo", "/srv/repo")]
    [InlineData("file:///srv/with%20space", "/srv/with space")]
    [InlineData("http://example.com/repo", null)]
    [InlineData("mirrorlist=http://x", null)]
    public void LocalPathOfUrls(string url, string? expected) => Assert.Equal(expected, RemoteConfigStore.GetLocalPath(url));

    [Fact]
    public void FetchReadsSummaryOfFileRemotes()
    {
        using var dir = new ScratchDir();
        using var repo = OstreeRepo.Create(dir.Combine("repo"), RepoMode.Archive);
        string served = dir.Combine("served");
        Directory.CreateDirectory(served);
        var store = new RemoteConfigStore(repo);
        store.Add("srv", "file://" + served);
        store.Add("web", "http://example.com/repo");
        Assert.False(RemoteSummaryFetcher.TryFetch(store.Get("srv"), out _, out _));
        File.WriteAllBytes(Path.Combine(served, "summary"), [1, 2]);
        Assert.True(RemoteSummaryFetcher.TryFetch(store.Get("srv"), out var summary, out var sig));
        Assert.Equal([1, 2], summary);
        Assert.Null(sig);
        Assert.Throws<NotSupportedException>(() => RemoteSummaryFetcher.TryFetch(store.Get("web"), out _, out _));
    }
}
