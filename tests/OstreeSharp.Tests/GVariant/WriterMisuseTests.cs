using OstreeSharp.GVariant;

namespace OstreeSharp.Tests.GVariant;

public class WriterMisuseTests
{
    private static GVariantType T(string s) => GVariantType.Parse(s);

    [Fact]
    public void CallsAreCheckedAgainstTheType()
    {
        Assert.Throws<InvalidOperationException>(() => GVariantWriter.Serialize(T("u"), w => w.WriteInt32(1)));
        Assert.Throws<InvalidOperationException>(() => GVariantWriter.Serialize(T("u"), w => { w.WriteUInt32(1); w.WriteUInt32(2); }));
        Assert.Throws<InvalidOperationException>(() => GVariantWriter.Serialize(T("(uu)"), w => { w.StartTuple(); w.WriteUInt32(1); w.EndTuple(); }));
        Assert.Throws<InvalidOperationException>(() => GVariantWriter.Serialize(T("(u)"), w => { w.StartTuple(); w.WriteUInt32(1); w.WriteUInt32(1); }));
        Assert.Throws<InvalidOperationException>(() => GVariantWriter.Serialize(T("as"), w => { w.StartArray(); w.EndTuple(); }));
        Assert.Throws<InvalidOperationException>(() => GVariantWriter.Serialize(T("as"), w => w.StartArray()));
        Assert.Throws<InvalidOperationException>(() => GVariantWriter.Serialize(T("v"), w => { w.StartVariant(T("u")); w.EndVariant(); }));
        Assert.Throws<InvalidOperationException>(() => GVariantWriter.Serialize(T("v"), w => { w.StartVariant(T("u")); w.WriteString("x"); }));
        Assert.Throws<InvalidOperationException>(() => GVariantWriter.Serialize(T("mu"), w => { w.StartMaybe(); w.WriteUInt32(1); w.WriteUInt32(2); }));
        Assert.Throws<InvalidOperationException>(() => GVariantWriter.Serialize(T("s"), _ => { }));
        Assert.Throws<InvalidOperationException>(() => GVariantWriter.Serialize(T("au"), w => w.WriteBytes([1, 2, 3, 4])) is null ? null : GVariantWriter.Serialize(T("as"), w => w.WriteBytes([1])));
        Assert.Throws<ArgumentException>(() => GVariantWriter.Serialize(T("au"), w => w.WriteBytes([1, 2, 3])));
        Assert.Throws<ArgumentException>(() => GVariantWriter.Serialize(T("s"), w => w.WriteString("a\0")));
        Assert.Throws<ArgumentException>(() => GVariantWriter.Serialize(T("o"), w => w.WriteObjectPath("/a/")));
        Assert.Throws<ArgumentException>(() => GVariantWriter.Serialize(T("g"), w => w.WriteSignature("(")));
        Assert.Throws<InvalidOperationException>(() => GVariantWriter.Serialize(T("s"), w => w.WriteObjectPath("/a")));
        Assert.Throws<ArgumentException>(() => GVariantWriter.Serialize(T("(su)"), w => w.WriteSerialized([0x61, 0x62, 0, 0, 1, 0, 0, 0, 9])));
    }

    [Fact]
    public void WriteSerializedEmbedsNormalFormValues()
    {
        byte[] inner = GVariantWriter.Serialize(T("(su)"), w => { w.StartTuple(); w.WriteString("ab"); w.WriteUInt32(0x01020304); w.EndTuple(); });
        byte[] outer = GVariantWriter.Serialize(T("(y(su))"), w => { w.StartTuple(); w.WriteByte(7); w.WriteSerialized(inner); w.EndTuple(); });
        byte[] expected = GVariantValue.CreateTuple(GVariantValue.FromByte(7), GVariantValue.Read(inner, T("(su)"))).Serialize();
        Assert.Equal(expected, outer);
    }

    [Fact]
    public void AlignmentIsAbsoluteAcrossNestedContainers()
    {
        // (y(yt)) : inner tuple aligned to 8, its 't' aligned to 8 from the buffer start.
        byte[] b = GVariantWriter.Serialize(T("(y(yt))"), w =>
        {
            w.StartTuple(); w.WriteByte(1); w.StartTuple(); w.WriteByte(2); w.WriteUInt64(3); w.EndTuple(); w.EndTuple();
        });
        Assert.Equal(24, b.Length);
        Assert.Equal(2, b[8]);
        Assert.Equal(3, b[16]);
    }
}
