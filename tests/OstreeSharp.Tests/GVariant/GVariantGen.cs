using FsCheck;
using FsCheck.Fluent;
using OstreeSharp.GVariant;

namespace OstreeSharp.Tests.GVariant;

/// <summary>FsCheck generators for random GVariant types and values.</summary>
public static class GVariantGen
{
    private static readonly GVariantType[] s_basic =
    [
        GVariantType.Boolean, GVariantType.Byte, GVariantType.Int16, GVariantType.UInt16, GVariantType.Int32,
        GVariantType.UInt32, GVariantType.Int64, GVariantType.UInt64, GVariantType.Handle, GVariantType.Double,
        GVariantType.String, GVariantType.ObjectPath, GVariantType.Signature,
    ];

    private static readonly string[] s_stringPieces =
    [
        "a", "b", "xyz", " ", "'", "\"", "\\", "\n", "\t", "\a", "\b", "\f", "\v", "\r", "\u0001", "\u001f", "\u007f",
        "é", "ü", "\u00a0", "\u00ad", "\u0085", "\u200b", "\u2028", "€", "日本", "😀", "\ue000", "\u0378", "$", "%", "{", "<",
    ];

    public static Gen<GVariantType> Type(int size)
    {
        Gen<GVariantType> basic = Gen.Elements(s_basic);
        if (size <= 0)
        {
            return basic;
        }

        Gen<GVariantType> sub = Gen.Sized(_ => Type(size / 2));
        return Gen.Frequency(
            (6, basic),
            (1, Gen.Constant(GVariantType.Variant)),
            (3, sub.Select(GVariantType.ArrayOf)),
            (2, sub.Select(GVariantType.MaybeOf)),
            (3, Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(sub, n)).Select(GVariantType.TupleOf)),
            (2, Gen.Elements(s_basic).SelectMany(k => sub.Select(v => GVariantType.ArrayOf(GVariantType.DictEntryOf(k, v))))),
            (1, Gen.Elements(s_basic).SelectMany(k => sub.Select(v => GVariantType.DictEntryOf(k, v)))));
    }

    public static Gen<GVariantType> AnyType => Gen.Sized(s => Type(Math.Min(s, 12)));

    public static Gen<GVariantValue> Value(GVariantType t, int size)
    {
        switch (t.Kind)
        {
            case GVariantTypeKind.Boolean: return Gen.Elements(false, true).Select(GVariantValue.FromBoolean);
            case GVariantTypeKind.Byte: return Gen.Choose(0, 255).Select(i => GVariantValue.FromByte((byte)i));
            case GVariantTypeKind.Int16: return Ints().Select(i => GVariantValue.FromInt16((short)i));
            case GVariantTypeKind.UInt16: return Ints().Select(i => GVariantValue.FromUInt16((ushort)i));
            case GVariantTypeKind.Int32: return Ints().Select(i => GVariantValue.FromInt32((int)i));
            case GVariantTypeKind.UInt32: return Ints().Select(i => GVariantValue.FromUInt32((uint)i));
            case GVariantTypeKind.Int64: return Ints().Select(GVariantValue.FromInt64);
            case GVariantTypeKind.UInt64: return Ints().Select(i => GVariantValue.FromUInt64((ulong)i));
            case GVariantTypeKind.Handle: return Ints().Select(i => GVariantValue.FromHandle((int)i));
            case GVariantTypeKind.Double: return Doubles().Select(GVariantValue.FromDouble);
            case GVariantTypeKind.String: return Strings().Select(GVariantValue.FromString);
            case GVariantTypeKind.ObjectPath:
                return Gen.Elements("/", "/a", "/org/gnome/x_1", "/A/b/C9", "/_").Select(GVariantValue.FromObjectPath);
            case GVariantTypeKind.Signature:
                return Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(Type(1).Select(x => x.ToString()).Where(x => !x.Contains('m')), n))
                    .Select(l => GVariantValue.FromSignature(string.Concat(l)));
            case GVariantTypeKind.Variant:
                return Type(Math.Min(size, 4)).SelectMany(ct => Value(ct, size / 2)).Select(GVariantValue.FromVariant);
            case GVariantTypeKind.Maybe:
                return Gen.Frequency(
                    (1, Gen.Constant(GVariantValue.CreateNothing(t.Element!))),
                    (3, Value(t.Element!, size / 2).Select(GVariantValue.CreateJust)));
            case GVariantTypeKind.Array:
                {
                    int max = size <= 0 ? 1 : Math.Min(5, size);
                    if (t.Element!.Kind == GVariantTypeKind.Byte)
                    {
                        return Gen.Frequency(
                            (2, Gen.Choose(0, 6).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(i => (byte)i), n))
                                .Select(b => GVariantValue.FromBytes(b))),
                            (1, Strings().Select(s => GVariantValue.FromBytes([.. System.Text.Encoding.UTF8.GetBytes(s), 0]))));
                    }

                    return Gen.Choose(0, max).SelectMany(n => Gen.ArrayOf(Value(t.Element, size / 2), n))
                        .Select(items => GVariantValue.CreateArray(t.Element, items));
                }

            case GVariantTypeKind.Tuple:
                {
                    Gen<GVariantValue[]> acc = Gen.Constant(Array.Empty<GVariantValue>());
                    foreach (GVariantType m in t.Members)
                    {
                        GVariantType member = m;
                        acc = acc.SelectMany(prev => Value(member, size / 2).Select(v => (GVariantValue[])[.. prev, v]));
                    }

                    return acc.Select(GVariantValue.CreateTuple);
                }

            default:
                return Value(t.Members[0], 0).SelectMany(k => Value(t.Members[1], size / 2).Select(v => GVariantValue.CreateDictEntry(k, v)));
        }
    }

    public static Gen<GVariantValue> AnyValue => Gen.Sized(s => AnyType.SelectMany(t => Value(t, Math.Min(s, 10))));

    public static Arbitrary<GVariantValue> ValueArb => AnyValue.ToArbitrary();

    private static Gen<long> Ints() => Gen.Frequency(
        (3, Gen.Choose(-300, 300).Select(i => (long)i)),
        (1, Gen.Elements(0L, -1L, long.MinValue, long.MaxValue, int.MinValue, int.MaxValue, short.MinValue, 65535L, 4294967295L)),
        (2, Gen.Choose(int.MinValue, int.MaxValue).SelectMany(a => Gen.Choose(int.MinValue, int.MaxValue).Select(b => ((long)a << 32) ^ (uint)b))));

    private static Gen<double> Doubles() => Gen.Frequency(
        (2, Gen.Elements(0.0, -0.0, 1.0, -1.5, 0.1, 1e16, 1e17, 1e-5, 123456.789, double.PositiveInfinity, double.NegativeInfinity,
            double.NaN, double.MaxValue, double.Epsilon * 0 + 2.2250738585072014E-308, 1e300, -7e-300)),
        (3, Ints().Select(bits => BitConverter.Int64BitsToDouble(bits))
            .Where(d => double.IsFinite(d) && !double.IsSubnormal(d))));

    private static Gen<string> Strings() =>
        Gen.Choose(0, 5).SelectMany(n => Gen.ArrayOf(Gen.Elements(s_stringPieces), n)).Select(string.Concat);
}
