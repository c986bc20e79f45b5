using OstreeSharp.Repository;

namespace OstreeSharp.Tests.Repository;

public class RefSpecTests
{
    [Theory]
    [InlineData("main", null, "main")]
    [InlineData("origin:exampleos/x86_64/stable", "origin", "exampleos/x86_64/stable")]
    [InlineData("a.b:c", "a.b", "c")]
    public void ParsesRemoteAndRef(string text, string? remote, string refName)
    {
        var spec = RefSpec.Parse(text);
        Assert.Equal(remote, spec.Remote);
        Assert.Equal(refName, spec.Ref);
        Assert.Equal(text, spec.ToString());
        Assert.Equal(spec, new RefSpec(remote, refName));
        Assert.Equal(spec.GetHashCode(), new RefSpec(remote, refName).GetHashCode());
        Assert.False(spec.IsChecksum);
    }

    [Theory]
    [InlineData("a b")]
    [InlineData("x:a:b")]
    [InlineData(":a")]
    [InlineData("a:")]
    [InlineData("")]
    public void RejectsInvalidRefSpecsWithLibostreeMessage(string text)
    {
        var e = Assert.Throws<InvalidRefNameException>(() => RefSpec.Parse(text));
        Assert.Equal($"Invalid refspec {text}", e.Message);
        Assert.False(RefSpec.TryParse(text, out var none));
        Assert.Null(none);
    }

    [Fact]
    public void ChecksumIsFlagged()
    {
        string hex = "539390cbf32643c3cb51bdb9bdf013e78a97375b7304703ebd033e8039ddf151";
        Assert.True(RefSpec.Parse(hex).IsChecksum);
        Assert.False(RefSpec.Parse("origin:" + hex).IsChecksum);
    }

    [Fact]
    public void ConstructorValidatesParts()
    {
        Assert.Equal("Invalid remote name a/b", Assert.Throws<InvalidRemoteNameException>(() => new RefSpec("a/b", "x")).Message);
        Assert.Equal("Invalid ref name x y", Assert.Throws<InvalidRefNameException>(() => new RefSpec(null, "x y")).Message);
    }
}
