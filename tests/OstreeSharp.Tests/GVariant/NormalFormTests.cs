using System.Diagnostics;
using OstreeSharp.GVariant;
using OstreeSharp.Tests.Support;

namespace OstreeSharp.Tests.GVariant;

/// <summary>
/// Normal-form violations, each expected to be reported with a message and offset. Every verdict here was checked
/// against GLib's <c>g_variant_is_normal_form</c> (see also the oracle property tests).
/// </summary>
public class NormalFormTests
{
    private static GVariantType T(string s) => GVariantType.Parse(s);

    [Theory]
    [InlineData("(su)", "616200ff0403020103", "padding", 3)]        // non-zero padding before 'u'
    [InlineData("(ty)", "01000000000000000207000000000000", "padding", 9)]
    [InlineData("as", "6100626300020500", "framing offset 97", 0)] // trailing byte changes the table
    [InlineData("(su)", "61620000040302010300", "string", 0)]     // trailing byte read as the offset
    [InlineData("s", "610062", "embedded NUL", 1)]
    [InlineData("s", "6162", "NUL", 1)]
    [InlineData("s", "ff00", "UTF-8", 0)]
    [InlineData("o", "6100", "object path", 0)]
    [InlineData("o", "2f612f00", "object path", 0)]
    [InlineData("g", "6d6900", "signature", 0)]
    [InlineData("g", "612800", "signature", 0)]
    [InlineData("b", "02", "boolean", 0)]
    [InlineData("au", "0100000002", "multiple", 0)]
    [InlineData("u", "010000", "4 bytes", 0)]
    [InlineData("v", "0100000000007a", "type string", 6)]
    [InlineData("v", "0100000000007575", "type string", 6)]
    [InlineData("v", "01000000", "type string", 4)]
    [InlineData("v", "0102", "NUL", 0)]
    [InlineData("ms", "780001", "zero byte", 2)]
    [InlineData("mu", "070000", "expected 0 or 4", 0)]
    [InlineData("b", "", "1 bytes", 0)]
    [InlineData("()", "01", "padding", 0)]
    public void ViolationsAreNamedWithOffset(string type, string hex, string messagePart, long offset)
    {
        byte[] data = Hex.Parse(hex);
        var r = new GVariantReader(data, T(type));
        Assert.False(r.IsNormalForm());
        GVariantFormatException e = Assert.Throws<GVariantFormatException>(() => new GVariantReader(data, T(type)).ValidateNormalForm());
        Assert.Contains(messagePart, e.Message, StringComparison.Ordinal);
        Assert.Equal(offset, e.Offset);
    }

    [Fact]
    public void NonMinimalOffsetWidthIsRejected()
    {
        // 254-byte body + 2-byte offset = 256 bytes, but a 1-byte offset (255 total) suffices; GLib says not normal.
        byte[] tuple = [.. Enumerable.Repeat((byte)'a', 252), 0, 0, 253, 0];
        GVariantFormatException e = Assert.Throws<GVariantFormatException>(() => new GVariantReader(tuple, T("(ss)")).ValidateNormalForm());
        Assert.Contains("would suffice", e.Message, StringComparison.Ordinal);
        byte[] array = [.. Enumerable.Repeat((byte)'a', 253), 0, 254, 0];
        Assert.False(new GVariantReader(array, GVariantType.StringArray).IsNormalForm());
    }

    [Fact]
    public void EmptyContainersFollowGLib()
    {
        Assert.True(new GVariantReader([], T("(asas)")).IsNormalForm());   // GLib: offsets of a size-0 container read as 0
        Assert.True(new GVariantReader(Hex.Parse("00"), T("(asas)")).IsNormalForm());
        Assert.False(new GVariantReader(Hex.Parse("0000"), T("(asas)")).IsNormalForm());
        Assert.False(new GVariantReader([], T("(sas)")).IsNormalForm());
        Assert.True(new GVariantReader([], T("as")).IsNormalForm());
        Assert.False(new GVariantReader([], T("s")).IsNormalForm());
        Assert.False(new GVariantReader(Hex.Parse("00"), T("ms")).IsNormalForm());
    }

    private static byte[] NestedVariants(int n)
    {
        var b = new List<byte> { 1, 0, (byte)'y' };
        for (int i = 1; i < n; i++)
        {
            b.Add(0);
            b.Add((byte)'v');
        }

        return [.. b];
    }

    [Fact]
    public void VariantNestingLimitMatchesGLib()
    {
        Assert.True(new GVariantReader(NestedVariants(127), GVariantType.Variant).IsNormalForm());
        byte[] tooDeep = NestedVariants(128);
        Assert.False(new GVariantReader(tooDeep, GVariantType.Variant).IsNormalForm());
        Assert.Throws<GVariantFormatException>(() => GVariantValue.Read(tooDeep, GVariantType.Variant));
        Assert.Throws<GVariantFormatException>(() => ReaderFramingTests.ReadEverything(new GVariantReader(tooDeep, GVariantType.Variant)));
        Assert.False(new GVariantReader([0, .. "a"u8.ToArray().SelectMany(_ => Enumerable.Repeat((byte)'a', 127)), (byte)'y'], GVariantType.Variant).IsNormalForm());
    }

    [Fact]
    public void PathologicalInputsValidateInLinearishTime()
    {
        // 100 000 nested-variant-looking bytes and a large array of tiny variable elements.
        byte[] junk = [.. Enumerable.Range(0, 100_000).Select(i => (byte)(i % 2 == 0 ? 0 : 'v'))];
        byte[] manyElements = GVariantValue.CreateArray(GVariantType.Variant,
            Enumerable.Range(0, 20_000).Select(i => GVariantValue.FromVariant(GVariantValue.FromByte((byte)i)))).Serialize();
        var sw = Stopwatch.StartNew();
        Assert.False(new GVariantReader(junk, GVariantType.Variant).IsNormalForm());
        Assert.False(new GVariantReader(junk, T("a(vv)")).IsNormalForm());
        Assert.True(new GVariantReader(manyElements, T("av")).IsNormalForm());
        Assert.InRange(sw.ElapsedMilliseconds, 0, 5_000);
    }

    [Fact]
    public void NormalValuesFromTheWriterValidate()
    {
        GVariantValue commitLike = GVariantValue.ParseText(
            "({'version': <'1.0'>}, @ay [], @a(say) [], 'subject', 'body', uint64 1234, b'\\001\\002', [byte 3, 4])",
            T("(a{sv}aya(say)sstayay)"));
        byte[] bytes = commitLike.Serialize();
        new GVariantReader(bytes, commitLike.Type).ValidateNormalForm();
        Assert.Equal(commitLike, GVariantValue.Read(bytes, commitLike.Type));
    }
}
