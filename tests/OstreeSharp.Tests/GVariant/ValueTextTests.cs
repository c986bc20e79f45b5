using FsCheck;
using FsCheck.Fluent;
using OstreeSharp.GVariant;
using OstreeSharp.Tests.Support;

namespace OstreeSharp.Tests.GVariant;

/// <summary>Value tree, printing and parsing. Expected strings were produced by GLib 2.74 (python3-gi).</summary>
public class ValueTextTests
{
    private static Config Cfg(int n) => Config.QuickThrowOnFailure.WithMaxTest(n).WithQuietOnSuccess(true);

    [Theory]
    [InlineData("y", "1", "byte 0x01", "0x01", "01")]
    [InlineData("n", "-5", "int16 -5", "-5", "fbff")]
    [InlineData("q", "1", "uint16 1", "1", "0100")]
    [InlineData("i", "1", "1", "1", "01000000")]
    [InlineData("u", "1", "uint32 1", "1", "01000000")]
    [InlineData("x", "-9223372036854775808", "int64 -9223372036854775808", "-9223372036854775808", "0000000000000080")]
    [InlineData("t", "18446744073709551615", "uint64 18446744073709551615", "18446744073709551615", "ffffffffffffffff")]
    [InlineData("h", "1", "handle 1", "1", "01000000")]
    [InlineData("d", "1", "1.0", "1.0", "000000000000f03f")]
    [InlineData("d", "0.1", "0.10000000000000001", "0.10000000000000001", "9a9999999999b93f")]
    [InlineData("d", "1e-7", "9.9999999999999995e-08", "9.9999999999999995e-08", "48afbc9af2d77a3e")]
    [InlineData("d", "1e16", "10000000000000000.0", "10000000000000000.0", "0080e03779c34143")]
    [InlineData("d", "1e100", "1e+100", "1e+100", "7dc39425ad49b254")]
    [InlineData("d", "-0", "-0.0", "-0.0", "0000000000000080")]
    [InlineData("d", "-inf", "-inf", "-inf", "000000000000f0ff")]
    [InlineData("d", "nan", "nan", "nan", "000000000000f87f")]
    [InlineData("s", "\"it's\"", "\"it's\"", "\"it's\"", "6974277300")]
    [InlineData("s", "'both \\' \"'", "\"both ' \\\"\"", "\"both ' \\\"\"", "626f74682027202200")]
    [InlineData("s", "'\\n\\t\\x01\\u00e9\\u200b\\u0085 \\\\'", "'\\n\\tx01é\\u200b\\u0085 \\\\'", "'\\n\\tx01é\\u200b\\u0085 \\\\'", "0a09783031c3a9e2808bc285205c00")]
    [InlineData("o", "'/a'", "objectpath '/a'", "'/a'", "2f6100")]
    [InlineData("g", "'as'", "signature 'as'", "'as'", "617300")]
    [InlineData("ay", "b'abc'", "b'abc'", "b'abc'", "61626300")]
    [InlineData("ay", "[0xff,0x0a,0]", "b'\\377\\n'", "b'\\377\\n'", "ff0a00")]
    [InlineData("ay", "[1,2]", "[byte 0x01, 0x02]", "[0x01, 0x02]", "0102")]
    [InlineData("ay", "[]", "@ay []", "[]", "")]
    [InlineData("ay", "[0x27, 0x22, 0]", "b\"'\\\"\"", "b\"'\\\"\"", "272200")]
    [InlineData("aay", "[[], [1]]", "[@ay [], [0x01]]", "[[], [0x01]]", "010001")]
    [InlineData("au", "[1,2]", "[uint32 1, 2]", "[1, 2]", "0100000002000000")]
    [InlineData("mi", "just 1", "@mi 1", "1", "01000000")]
    [InlineData("mmi", "just nothing", "@mmi just nothing", "just nothing", "00")]
    [InlineData("mmi", "just just 1", "@mmi 1", "1", "0100000000")]
    [InlineData("ami", "[nothing, just 1]", "[@mi nothing, 1]", "[nothing, 1]", "010000000004")]
    [InlineData("v", "<@mi nothing>", "<@mi nothing>", "<@mi nothing>", "006d69")]
    [InlineData("a{sv}", "{}", "@a{sv} {}", "{}", "")]
    [InlineData("a{us}", "{1: 'x', 2:'y'}", "{uint32 1: 'x', 2: 'y'}", "{1: 'x', 2: 'y'}", "0100000078000000020000007900060e")]
    [InlineData("{us}", "{1, 'x'}", "{uint32 1, 'x'}", "{1, 'x'}", "010000007800")]
    [InlineData("(i)", "(1,)", "(1,)", "(1,)", "01000000")]
    [InlineData("(yn)", "(1,2)", "(byte 0x01, int16 2)", "(0x01, 2)", "01000200")]
    [InlineData("()", "()", "()", "()", "00")]
    [InlineData("ab", "[true,false]", "[true, false]", "[true, false]", "0100")]
    public void PrintAndParseMatchGLib(string type, string input, string annotated, string plain, string hex)
    {
        GVariantValue v = GVariantValue.ParseText(input, GVariantType.Parse(type));
        Assert.Equal(type, v.Type.ToString());
        Assert.Equal(hex, Hex.Format(v.Serialize()));
        Assert.Equal(annotated, v.Print(true));
        Assert.Equal(plain, v.Print(false));
        Assert.Equal(annotated, v.ToString());
        Assert.Equal(v, GVariantValue.ParseText(annotated, GVariantType.Parse(type)));
    }

    [Theory]
    [InlineData("010", "i", "8")]
    [InlineData("0x10", "i", "16")]
    [InlineData("-0x10", "i", "-16")]
    [InlineData("+5", "i", "5")]
    [InlineData("1.", "d", "1.0")]
    [InlineData(".5", "d", "0.5")]
    [InlineData("boolean true", "b", "true")]
    [InlineData("string 'a'", "s", "'a'")]
    [InlineData("double 1", "d", "1.0")]
    [InlineData("uint32 5", "u", "uint32 5")]
    [InlineData("int64 -1", "x", "int64 -1")]
    [InlineData("byte 0x10", "y", "byte 0x10")]
    [InlineData("objectpath '/a'", "o", "objectpath '/a'")]
    [InlineData("signature 'as'", "g", "signature 'as'")]
    [InlineData("b'\\101\\1\\12'", "ay", "b'A\\001\\n'")]
    [InlineData("[1, uint32 2]", "au", "[uint32 1, 2]")]
    [InlineData("[1, 2.5]", "ad", "[1.0, 2.5]")]
    [InlineData("['/a', objectpath '/b']", "ao", "[objectpath '/a', '/b']")]
    [InlineData("[[], [byte 1]]", "aay", "[@ay [], [0x01]]")]
    [InlineData("[nothing, just 1]", "ami", "[@mi nothing, 1]")]
    [InlineData("{'a': 1, 'b': 2}", "a{si}", "{'a': 1, 'b': 2}")]
    [InlineData("(1, \"x\", true)", "(isb)", "(1, 'x', true)")]
    [InlineData("@u 5", "u", "uint32 5")]
    [InlineData("just just 1", "mmi", "@mmi 1")]
    [InlineData("{'a': <1>}", "a{sv}", "{'a': <1>}")]
    [InlineData("<<1>>", "v", "<<1>>")]
    [InlineData("  [ 1 ,2 ] ", "ai", "[1, 2]")]
    [InlineData("'\\U0001F600'", "s", "'😀'")]
    public void ParseInfersTypesLikeGLib(string text, string type, string printed)
    {
        GVariantValue v = GVariantValue.ParseText(text);
        Assert.Equal(type, v.Type.ToString());
        Assert.Equal(printed, v.Print(true));
    }

    [Theory]
    [InlineData("{}", null)]
    [InlineData("[]", null)]
    [InlineData("nothing", null)]
    [InlineData("byte 300", null)]
    [InlineData("byte -1", null)]
    [InlineData("uint32 -1", null)]
    [InlineData("int16 40000", null)]
    [InlineData("5 5", null)]
    [InlineData("[1,]", null)]
    [InlineData("INF", null)]
    [InlineData("infinity", null)]
    [InlineData("1e400", null)]
    [InlineData("0x1p3", null)]
    [InlineData("4294967296", "u")]
    [InlineData("'a'", "y")]
    [InlineData("'mi'", "g")]
    [InlineData("'a/'", "o")]
    [InlineData("[1, 'a']", null)]
    [InlineData("(1", null)]
    [InlineData("'abc", null)]
    [InlineData("@z 1", null)]
    [InlineData("1.5", "i")]
    public void InvalidTextIsRejected(string text, string? type)
    {
        Assert.ThrowsAny<FormatException>(() => GVariantValue.ParseText(text, type is null ? null : GVariantType.Parse(type)));
        Assert.Throws<GVariantTextFormatException>(() => GVariantValue.ParseText(text, type is null ? null : GVariantType.Parse(type)));
    }

    [Fact]
    public void RoundTripWriteReadEqual()
    {
        Check.One(Cfg(2000), Prop.ForAll(GVariantGen.ValueArb, v =>
        {
            byte[] bytes = v.Serialize();
            var r = new GVariantReader(bytes, v.Type);
            r.ValidateNormalForm();
            GVariantValue back = GVariantValue.Read(r);
            Assert.Equal(v, back);
            Assert.Equal(v.GetHashCode(), back.GetHashCode());
            Assert.Equal(bytes, back.Serialize());
        }));
    }

    [Fact]
    public void ParsePrintRoundTrip()
    {
        Check.One(Cfg(2000), Prop.ForAll(GVariantGen.ValueArb, v =>
        {
            Assert.Equal(v, GVariantValue.ParseText(v.Print(true), v.Type));
            Assert.Equal(v, GVariantValue.ParseText(v.Print(false), v.Type));
        }));
    }

    [Fact]
    public void FactoriesAndAccessors()
    {
        GVariantValue dict = GVariantValue.CreateDictionary(GVariantType.String, GVariantType.Variant,
        [
            new(GVariantValue.FromString("k"), GVariantValue.FromVariant(GVariantValue.FromUInt32(5))),
        ]);
        Assert.Equal("6b000000000000000500000000750" + "20f", Hex.Format(dict.Serialize()));
        Assert.True(dict.TryGetDictionaryValue("k", out GVariantValue? found));
        Assert.Equal(5u, found.GetVariant().GetUInt32());
        Assert.False(dict.TryGetDictionaryValue("missing", out _));
        Assert.Equal(new byte[] { 1, 2 }, GVariantValue.FromBytes([1, 2]).GetBytes().ToArray());
        Assert.Equal(2, GVariantValue.FromStrings(["a", "b"]).Count);
        Assert.Throws<ArgumentException>(() => GVariantValue.FromString("a\0b"));
        Assert.Throws<ArgumentException>(() => GVariantValue.FromString("\ud800"));
        Assert.Throws<ArgumentException>(() => GVariantValue.FromObjectPath("a"));
        Assert.Throws<ArgumentException>(() => GVariantValue.FromSignature("mi"));
        Assert.Throws<ArgumentException>(() => GVariantValue.CreateArray(GVariantType.Int32, [GVariantValue.FromUInt32(1)]));
        Assert.Throws<InvalidOperationException>(() => GVariantValue.FromUInt32(1).GetString());
        Assert.NotEqual(GVariantValue.FromUInt32(1), GVariantValue.FromInt32(1));
        Assert.Equal(GVariantValue.FromDouble(double.NaN), GVariantValue.FromDouble(double.NaN));
        Assert.NotEqual(GVariantValue.FromDouble(0.0), GVariantValue.FromDouble(-0.0));
    }
}
