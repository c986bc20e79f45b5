using OstreeSharp.GVariant;

namespace OstreeSharp.Tests.GVariant;

public class GVariantTypeTests
{
    [Theory]
    [InlineData("b", 1, 1)]
    [InlineData("y", 1, 1)]
    [InlineData("n", 2, 2)]
    [InlineData("q", 2, 2)]
    [InlineData("i", 4, 4)]
    [InlineData("u", 4, 4)]
    [InlineData("h", 4, 4)]
    [InlineData("x", 8, 8)]
    [InlineData("t", 8, 8)]
    [InlineData("d", 8, 8)]
    [InlineData("s", 1, null)]
    [InlineData("o", 1, null)]
    [InlineData("g", 1, null)]
    [InlineData("v", 8, null)]
    [InlineData("ay", 1, null)]
    [InlineData("at", 8, null)]
    [InlineData("mu", 4, null)]
    [InlineData("()", 1, 1)]
    [InlineData("(ty)", 8, 16)]
    [InlineData("(yt)", 8, 16)]
    [InlineData("(yy)", 1, 2)]
    [InlineData("(yqy)", 2, 6)]
    [InlineData("(uuu)", 4, 12)]
    [InlineData("{yu}", 4, 8)]
    [InlineData("{sv}", 8, null)]
    [InlineData("(a{sv}aya(say)sstayay)", 8, null)]
    [InlineData("((())())", 1, 2)]
    public void AlignmentAndFixedSize(string text, int alignment, int? fixedSize)
    {
        GVariantType t = GVariantType.Parse(text);
        Assert.Equal(text, t.ToString());
        Assert.Equal(alignment, t.Alignment);
        Assert.Equal(fixedSize, t.FixedSize);
        Assert.Equal(fixedSize.HasValue, t.IsFixedSize);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("m")]
    [InlineData("(")]
    [InlineData("(s")]
    [InlineData(")")]
    [InlineData("{s}")]
    [InlineData("{vs}")]
    [InlineData("{ass}")]
    [InlineData("{sss}")]
    [InlineData("ss")]
    [InlineData("z")]
    [InlineData("r")]
    [InlineData("*")]
    [InlineData("?")]
    [InlineData("a{sv")]
    [InlineData("{(y)s}")]
    public void InvalidTypeStrings(string text)
    {
        Assert.Throws<GVariantTypeFormatException>(() => GVariantType.Parse(text));
        Assert.False(GVariantType.TryParse(text.AsSpan(), out _));
    }

    [Fact]
    public void NestingLimit()
    {
        string ok = new string('a', GVariantType.MaxDepth) + "y";
        Assert.Equal(GVariantType.MaxDepth, GVariantType.Parse(ok).Depth);
        Assert.Throws<GVariantTypeFormatException>(() => GVariantType.Parse("a" + ok));
    }

    [Fact]
    public void StructureAndCaching()
    {
        GVariantType t = GVariantType.Parse("a{sv}");
        Assert.Same(GVariantType.VarDict, t);
        Assert.Equal(GVariantTypeKind.Array, t.Kind);
        Assert.Equal(GVariantTypeKind.DictEntry, t.Element!.Kind);
        Assert.Equal(GVariantType.String, t.Element.Members[0]);
        Assert.Equal(GVariantType.Variant, t.Element.Members[1]);
        Assert.True(t.IsDictionary);
        Assert.Equal(GVariantType.Parse("(sau)"), GVariantType.TupleOf(GVariantType.String, GVariantType.ArrayOf(GVariantType.UInt32)));
        Assert.Empty(GVariantType.String.Members);
        Assert.Null(GVariantType.String.Element);
        Assert.True(GVariantType.IsValidSignature("asa{sv}(u)".AsSpan()));
        Assert.True(GVariantType.IsValidSignature("".AsSpan()));
        Assert.False(GVariantType.IsValidSignature("a".AsSpan()));
    }
}
