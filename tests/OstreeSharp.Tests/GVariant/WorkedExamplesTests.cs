using OstreeSharp.GVariant;
using OstreeSharp.Tests.Support;

namespace OstreeSharp.Tests.GVariant;

/// <summary>Spec §1.5 worked examples E1–E10, byte for byte: writer, reader, normal form.</summary>
public class WorkedExamplesTests
{
    private static GVariantType T(string s) => GVariantType.Parse(s);

    private static void AssertNormal(string hex, string type)
    {
        var r = new GVariantReader(Hex.Parse(hex), T(type));
        Assert.True(r.IsNormalForm());
        r.ValidateNormalForm();
    }

    [Fact]
    public void E1_StringArray()
    {
        byte[] b = GVariantWriter.Serialize(T("as"), w => { w.StartArray(); w.WriteString("a"); w.WriteString("bc"); w.EndArray(); });
        Assert.Equal("610062630002" + "05", Hex.Format(b));
        var r = new GVariantReader(b, GVariantType.StringArray);
        Assert.Equal(2, r.Count);
        Assert.Equal("a", r.GetChild(0).GetString());
        Assert.Equal("bc", r.GetChild(1).GetString());
        AssertNormal("61006263000205", "as");
    }

    [Fact]
    public void E2_StringUInt32Tuple()
    {
        byte[] b = GVariantWriter.Serialize(T("(su)"), w => { w.StartTuple(); w.WriteString("ab"); w.WriteUInt32(0x01020304); w.EndTuple(); });
        Assert.Equal("616200000403020103", Hex.Format(b));
        var r = new GVariantReader(b, T("(su)"));
        Assert.Equal(2, r.Count);
        Assert.Equal("ab", r.GetChild(0).GetString());
        Assert.Equal(0x01020304u, r.GetChild(1).GetUInt32());
        AssertNormal("616200000403020103", "(su)");
    }

    [Fact]
    public void E3_VarDictUInt32()
    {
        byte[] b = GVariantWriter.Serialize(GVariantType.VarDict, w =>
        {
            w.StartArray();
            w.StartDictEntry();
            w.WriteString("k");
            w.StartVariant(GVariantType.UInt32);
            w.WriteUInt32(5);
            w.EndVariant();
            w.EndDictEntry();
            w.EndArray();
        });
        Assert.Equal("6b000000000000000500000000750" + "20f", Hex.Format(b));
        var r = new GVariantReader(b, GVariantType.VarDict);
        Assert.Equal(1, r.Count);
        GVariantReader entry = r.GetChild(0);
        Assert.Equal("k", entry.GetChild(0).GetString());
        GVariantReader v = entry.GetChild(1).GetVariant();
        Assert.Equal(GVariantType.UInt32, v.Type);
        Assert.Equal(5u, v.GetUInt32());
        Assert.True(r.TryGetDictionaryValue("k", out GVariantReader found));
        Assert.Equal(5u, found.GetVariant().GetUInt32());
        Assert.False(r.TryGetDictionaryValue("x", out _));
        AssertNormal("6b000000000000000500000000750" + "20f", "a{sv}");
    }

    [Fact]
    public void E4_TwoNonLastVariableMembers()
    {
        byte[] b = GVariantWriter.Serialize(T("(sayay)"), w =>
        {
            w.StartTuple(); w.WriteString("d"); w.WriteBytes([0xaa]); w.WriteBytes([0xbb]); w.EndTuple();
        });
        Assert.Equal("6400aabb0302", Hex.Format(b));
        var r = new GVariantReader(b, T("(sayay)"));
        Assert.Equal("d", r.GetChild(0).GetString());
        Assert.Equal(new byte[] { 0xaa }, r.GetChild(1).GetBytes().ToArray());
        Assert.Equal(new byte[] { 0xbb }, r.GetChild(2).GetBytes().ToArray());
        AssertNormal("6400aabb0302", "(sayay)");
    }

    [Fact]
    public void E5_Maybes()
    {
        Assert.Equal("780000", Hex.Format(GVariantWriter.Serialize(T("ms"), w => { w.StartMaybe(); w.WriteString("x"); w.EndMaybe(); })));
        Assert.Equal("", Hex.Format(GVariantWriter.Serialize(T("ms"), w => w.WriteNothing())));
        Assert.Equal("", Hex.Format(GVariantWriter.Serialize(T("ms"), w => { w.StartMaybe(); w.EndMaybe(); })));
        Assert.Equal("07000000", Hex.Format(GVariantWriter.Serialize(T("mu"), w => { w.StartMaybe(); w.WriteUInt32(7); w.EndMaybe(); })));
        Assert.Equal("00", Hex.Format(GVariantWriter.Serialize(T("mas"), w => { w.StartMaybe(); w.StartArray(); w.EndArray(); w.EndMaybe(); })));

        var just = new GVariantReader(Hex.Parse("780000"), T("ms"));
        Assert.Equal(1, just.Count);
        Assert.True(just.TryGetMaybe(out GVariantReader x));
        Assert.Equal("x", x.GetString());
        Assert.False(new GVariantReader([], T("ms")).TryGetMaybe(out _));
        Assert.True(new GVariantReader(Hex.Parse("07000000"), T("mu")).TryGetMaybe(out GVariantReader seven));
        Assert.Equal(7u, seven.GetUInt32());
        Assert.True(new GVariantReader(Hex.Parse("00"), T("mas")).TryGetMaybe(out GVariantReader empty));
        Assert.Equal(0, empty.Count);

        AssertNormal("780000", "ms");
        AssertNormal("", "ms");
        AssertNormal("07000000", "mu");
        AssertNormal("00", "mas");
        Assert.False(new GVariantReader(Hex.Parse("780001"), T("ms")).IsNormalForm());
    }

    [Theory]
    [InlineData(252, 255, "0007fd")]
    [InlineData(253, 257, "0007fe00")]
    public void E6_OffsetWidthBoundary(int stringLength, int total, string tail)
    {
        string s = new('x', stringLength);
        byte[] b = GVariantWriter.Serialize(T("(sy)"), w => { w.StartTuple(); w.WriteString(s); w.WriteByte(7); w.EndTuple(); });
        Assert.Equal(total, b.Length);
        Assert.EndsWith(tail, Hex.Format(b), StringComparison.Ordinal);
        var r = new GVariantReader(b, T("(sy)"));
        Assert.Equal(s, r.GetChild(0).GetString());
        Assert.Equal(7, r.GetChild(1).GetByte());
        Assert.True(r.IsNormalForm());
    }

    [Fact]
    public void E7_FixedTuplePaddedToAlignment()
    {
        byte[] b = GVariantWriter.Serialize(T("(ty)"), w => { w.StartTuple(); w.WriteUInt64(1); w.WriteByte(2); w.EndTuple(); });
        Assert.Equal("0100000000000000" + "0200000000000000", Hex.Format(b));
        Assert.Equal(16, T("(ty)").FixedSize);
        Assert.Equal(16, T("(yt)").FixedSize);
        var r = new GVariantReader(b, T("(ty)"));
        Assert.Equal(1ul, r.GetChild(0).GetUInt64());
        Assert.Equal(2, r.GetChild(1).GetByte());
        AssertNormal("01000000000000000200000000000000", "(ty)");
        Assert.False(new GVariantReader(Hex.Parse("01000000000000000200000000000001"), T("(ty)")).IsNormalForm());
    }

    [Fact]
    public void E8_Variant()
    {
        byte[] b = GVariantWriter.Serialize(GVariantType.Variant, w => { w.StartVariant(GVariantType.UInt64); w.WriteUInt64(1); w.EndVariant(); });
        Assert.Equal("01000000000000000074", Hex.Format(b));
        GVariantReader v = new GVariantReader(b, GVariantType.Variant).GetVariant();
        Assert.Equal(GVariantType.UInt64, v.Type);
        Assert.Equal(1ul, v.GetUInt64());
        AssertNormal("01000000000000000074", "v");
    }

    [Fact]
    public void E9_VarDictByte()
    {
        byte[] b = GVariantWriter.Serialize(GVariantType.VarDict, w =>
        {
            w.StartArray(); w.StartDictEntry(); w.WriteString("a");
            w.StartVariant(GVariantType.Byte); w.WriteByte(1); w.EndVariant();
            w.EndDictEntry(); w.EndArray();
        });
        Assert.Equal("61000000000000000100790" + "20c", Hex.Format(b));
        GVariantReader e = new GVariantReader(b, GVariantType.VarDict).GetChild(0);
        Assert.Equal("a", e.GetChild(0).GetString());
        Assert.Equal(1, e.GetChild(1).GetVariant().GetByte());
        AssertNormal("61000000000000000100790" + "20c", "a{sv}");
    }

    [Fact]
    public void E10_Unit()
    {
        byte[] b = GVariantWriter.Serialize(GVariantType.Unit, w => { w.StartTuple(); w.EndTuple(); });
        Assert.Equal("00", Hex.Format(b));
        Assert.Equal(1, GVariantType.Unit.FixedSize);
        var r = new GVariantReader(b, GVariantType.Unit);
        Assert.Equal(0, r.Count);
        AssertNormal("00", "()");
        Assert.False(new GVariantReader(Hex.Parse("01"), GVariantType.Unit).IsNormalForm());
        Assert.False(new GVariantReader([], GVariantType.Unit).IsNormalForm());
    }
}
