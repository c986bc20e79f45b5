using OstreeSharp.Maintenance;

namespace OstreeSharp.Tests.Maintenance;

public class RefResetTests
{
    [Fact]
    public void MovesAnExistingRefAnywhere()
    {
        using var t = new TestRepo();
        var c1 = t.Commit("main", 1);
        var c2 = t.Commit("main", 2);
        var o = t.Commit("other", 3);
        Assert.Equal(c2, RefReset.Reset(t.Repo, "main", c1));
        Assert.True(t.Repo.TryReadRef(null, "main", out var now) && now == c1);
        // No ancestry check in ostree 2022.7: forward, sideways and to absent commits are all accepted.
        RefReset.Reset(t.Repo, "main", o);
        Assert.True(t.Repo.TryReadRef(null, "main", out now) && now == o);
        t.Repo.SetRefImmediate("origin", "main", c2);
        RefReset.Reset(t.Repo, "origin:main", c1);
        Assert.True(t.Repo.TryReadRef("origin", "main", out now) && now == c1);
    }

    [Theory]
    [InlineData("nonexist")]
    [InlineData("bad..ref")]
    [InlineData("main^")]
    [InlineData("nope:main")]
    public void RefusesRefsThatDoNotExist(string refspec)
    {
        using var t = new TestRepo();
        var c1 = t.Commit("main", 1);
        var ex = Assert.Throws<RefNotFoundException>(() => RefReset.Reset(t.Repo, refspec, c1));
        Assert.Equal($"Invalid ref '{refspec}'", ex.Message);
    }
}
