using FsCheck;
using FsCheck.Fluent;
using OstreeSharp.Objects;

namespace OstreeSharp.Tests.Objects;

public class ChecksumTests
{
    private const string Hex = "446a0ef11b7cc167f3b603e585c7eeeeb675faa412d5ec73f62988eb0b6c5488";

    [Fact]
    public void ParsesAndFormatsLowerHex()
    {
        var c = Checksum.Parse(Hex.ToUpperInvariant());
        Assert.Equal(Hex, c.ToString());
        Assert.Equal(0x44, c.FirstByte);
        Assert.Equal(Convert.FromHexString(Hex), c.ToArray());
    }

    [Theory]
    [InlineData("")]
    [InlineData("446a")]
    [InlineData("446a0ef11b7cc167f3b603e585c7eeeeb675faa412d5ec73f62988eb0b6c548")]
    [InlineData("446a0ef11b7cc167f3b603e585c7eeeeb675faa412d5ec73f62988eb0b6c54888")]
    [InlineData("g46a0ef11b7cc167f3b603e585c7eeeeb675faa412d5ec73f62988eb0b6c5488")]
    public void RejectsInvalidHex(string text)
    {
        Assert.False(Checksum.TryParse(text, out _));
        Assert.Throws<FormatException>(() => Checksum.Parse(text));
    }

    [Fact]
    public void MBase64MatchesSpecExample()
    {
        // spec §8.1: deltas/9W/QHrRUvxipCAtBoKQpLt+LJbnxs8ykP5zwb4fq5IB4-0s2ImCi5TXO3EHbKijdAItvtcYZJoHo2R8y1zWpUuOs
        var from = Checksum.FromMBase64("9WQHrRUvxipCAtBoKQpLt+LJbnxs8ykP5zwb4fq5IB4");
        Assert.Equal("9WQHrRUvxipCAtBoKQpLt+LJbnxs8ykP5zwb4fq5IB4", from.ToMBase64());
        var to = Checksum.FromMBase64("0s2ImCi5TXO3EHbKijdAItvtcYZJoHo2R8y1zWpUuOs");
        Assert.Equal(Checksum.MBase64Length, to.ToMBase64().Length);
    }

    [Fact]
    public void PrefixMatchIsCaseInsensitive()
    {
        var c = Checksum.Parse(Hex);
        Assert.True(c.StartsWith("446A0E"));
        Assert.True(c.StartsWith(""));
        Assert.False(c.StartsWith("447"));
    }

    [Fact]
    public void RoundTripsAndOrdersLikeHexStrings()
    {
        Prop.ForAll(Arb.From(Gen.ArrayOf(Gen.Choose(0, 255).Select(i => (byte)i), 32)),
                Arb.From(Gen.ArrayOf(Gen.Choose(0, 255).Select(i => (byte)i), 32)), (a, b) =>
        {
            var ca = Checksum.FromBytes(a);
            var cb = Checksum.FromBytes(b);
            bool roundTrip = Checksum.Parse(ca.ToString()) == ca && Checksum.FromMBase64(ca.ToMBase64()) == ca;
            int expected = Math.Sign(string.CompareOrdinal(ca.ToString(), cb.ToString()));
            return roundTrip && Math.Sign(ca.CompareTo(cb)) == expected && (ca == cb) == (expected == 0);
        }).QuickCheckThrowOnFailure();
    }
}
