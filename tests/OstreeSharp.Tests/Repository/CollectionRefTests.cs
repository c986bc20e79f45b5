using OstreeSharp.Repository;
using OstreeSharp.Tests.Native;

namespace OstreeSharp.Tests.Repository;

public class CollectionRefTests
{
    [Fact]
    public void ParseAndFormatLikeOstreeRefsCollections()
    {
        using var dir = new TempDir();
        string repo = dir.Combine("repo");
        TestProcess.Check("ostree", "init", "--repo=" + repo, "--mode=archive");
        Directory.CreateDirectory(dir.Combine("t"));
        File.WriteAllText(dir.Combine("t/a"), "x");
        TestProcess.Check("ostree", "commit", "--repo=" + repo, "-b", "main", dir.Combine("t"));
        TestProcess.Check("ostree", "refs", "--repo=" + repo, "--collections", "--create=org.example.Foo:abc/def", "main");
        string listed = TestProcess.Check("ostree", "refs", "--repo=" + repo, "--collections");

        var cref = CollectionRef.Parse("org.example.Foo:abc/def");
        Assert.Equal("org.example.Foo", cref.CollectionId);
        Assert.Equal("abc/def", cref.RefName);
        Assert.Contains(cref.ToString(), listed.Split('\n'));
        Assert.True(File.Exists(Path.Combine(repo, "refs/mirrors/org.example.Foo/abc/def")));
        Assert.Equal(cref, new CollectionRef("org.example.Foo", "abc/def"));
    }

    [Fact]
    public void RejectsInvalidPartsWithLibostreeMessages()
    {
        Assert.Equal("Invalid collection ID org", Assert.Throws<InvalidCollectionIdException>(() => CollectionRef.Parse("org:a")).Message);
        Assert.Equal("Invalid ref name a b", Assert.Throws<InvalidRefNameException>(() => CollectionRef.Parse("org.example:a b")).Message);
        Assert.Throws<InvalidRefNameException>(() => CollectionRef.Parse("org.example"));
        var local = new CollectionRef(null, "main");
        Assert.Null(local.CollectionId);
    }
}
