using OstreeSharp.Repository;

namespace OstreeSharp.Tests.Repository;

public class RefNameTests
{
    [Fact]
    public void ParseValidatesAndComparesOrdinally()
    {
        var a = RefName.Parse("exampleos/x86_64/stable");
        Assert.Equal("exampleos/x86_64/stable", a.Value);
        Assert.Equal("exampleos/x86_64/stable", (string)a);
        Assert.True(RefName.TryParse("B", out var b));
        Assert.True(RefName.TryParse("a", out var lower));
        Assert.True(b < lower); // ordinal: 'B' < 'a'
        Assert.True(lower >= b);
        Assert.Equal(RefName.Parse("x"), RefName.Parse("x"));
        Assert.NotEqual(RefName.Parse("x"), RefName.Parse("X"));
        Assert.Equal(string.Empty, default(RefName).Value);
    }

    [Fact]
    public void InvalidNamesThrowLibostreeMessage()
    {
        var e = Assert.Throws<InvalidRefNameException>(() => RefName.Parse("-bad"));
        Assert.Equal("Invalid ref name -bad", e.Message);
        Assert.False(RefName.TryParse("a//b", out _));
        Assert.False(RefName.TryParse(null, out _));
        Assert.False(RefName.IsValid("x:y")); // a colon belongs to refspecs, not ref names
        Assert.True(RefName.IsValid("x.y-z_0"));
    }
}
