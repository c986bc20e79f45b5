using FsCheck;
using FsCheck.Fluent;
using OstreeSharp.GVariant;

namespace OstreeSharp.Tests.GVariant;

public static class Mutations
{
    public static Gen<byte[]> Mutate(byte[] data) => Gen.Frequency(
        (1, Gen.Constant(data)),
        (4, Gen.Choose(0, Math.Max(0, data.Length - 1)).SelectMany(i => Gen.Choose(0, 255).Select(b =>
        {
            byte[] copy = (byte[])data.Clone();
            if (copy.Length > 0)
            {
                copy[i] = (byte)b;
            }

            return copy;
        }))),
        (2, Gen.Choose(0, data.Length).Select(n => data[..n])),
        (2, Gen.Choose(0, 255).Select(b => (byte[])[.. data, (byte)b])),
        (1, Gen.Choose(0, data.Length).SelectMany(i => Gen.Choose(0, 255).Select(b => (byte[])[.. data[..i], (byte)b, .. data[i..]]))),
        (1, Gen.Choose(0, Math.Max(0, data.Length - 1)).Select(i => data.Length == 0 ? data : (byte[])[.. data[..i], .. data[(i + 1)..]])));

    /// <summary>
    /// Reads everything and validates; asserts that only <see cref="GVariantFormatException"/> escapes, and that
    /// <see cref="GVariantReader.IsNormalForm"/> agrees with <see cref="GVariantReader.ValidateNormalForm"/>. Returns IsNormalForm.
    /// </summary>
    public static bool CheckOnlyFormatExceptions(byte[] data, GVariantType type)
    {
        bool normal = new GVariantReader(data, type).IsNormalForm();
        try
        {
            new GVariantReader(data, type).ValidateNormalForm();
            Assert.True(normal, "ValidateNormalForm accepted what IsNormalForm rejected");
        }
        catch (GVariantFormatException e)
        {
            Assert.False(normal, "ValidateNormalForm rejected what IsNormalForm accepted: " + e.Message);
            Assert.InRange(e.Offset, 0, data.Length);
        }

        try
        {
            ReaderFramingTests.ReadEverything(new GVariantReader(data, type));
            GVariantValue v = GVariantValue.Read(data, type);
            if (normal)
            {
                // GLib treats a size-0 container as having 0-byte framing offsets, so '' is normal for e.g. '(mbmq)'
                // even though ([nothing], [nothing]) serializes to '00'; the value must still round-trip.
                Assert.Equal(v, GVariantValue.Read(v.Serialize(), type));
            }
        }
        catch (GVariantFormatException)
        {
            Assert.False(normal, "reading normal-form data threw");
        }

        return normal;
    }
}
