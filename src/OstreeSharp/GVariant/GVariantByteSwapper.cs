using System.Buffers.Binary;

namespace OstreeSharp.GVariant;

/// <summary>
/// Swaps the byte order of every integer and double in a value, like GLib's <c>g_variant_byteswap</c>; ostree's
/// tools use it to show fields that are stored big-endian (commit timestamps, file modes).
/// </summary>
public static class GVariantByteSwapper
{
    /// <summary>Returns a byte-swapped copy of <paramref name="data"/> (normal form) of type <paramref name="type"/>.</summary>
    /// <exception cref="GVariantFormatException"><paramref name="data"/> is not in normal form (for instance a
    /// string without its terminating NUL, or an object path that is not one): there is no well-defined value to swap.</exception>
    public static byte[] Byteswap(ReadOnlySpan<byte> data, GVariantType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        byte[] copy = data.ToArray();
        new GVariantReader(copy, type).ValidateNormalForm();
        return GVariantWriter.Serialize(type, w => Copy(new GVariantReader(copy, type), w));
    }

    private static void Copy(GVariantReader r, GVariantWriter w)
    {
        switch (r.Type.Kind)
        {
            case GVariantTypeKind.Boolean: w.WriteBoolean(r.GetBoolean()); break;
            case GVariantTypeKind.Byte: w.WriteByte(r.GetByte()); break;
            case GVariantTypeKind.Int16: w.WriteInt16(BinaryPrimitives.ReverseEndianness(r.GetInt16())); break;
            case GVariantTypeKind.UInt16: w.WriteUInt16(BinaryPrimitives.ReverseEndianness(r.GetUInt16())); break;
            case GVariantTypeKind.Int32: w.WriteInt32(BinaryPrimitives.ReverseEndianness(r.GetInt32())); break;
            case GVariantTypeKind.UInt32: w.WriteUInt32(BinaryPrimitives.ReverseEndianness(r.GetUInt32())); break;
            case GVariantTypeKind.Handle: w.WriteHandle(BinaryPrimitives.ReverseEndianness(r.GetHandle())); break;
            case GVariantTypeKind.Int64: w.WriteInt64(BinaryPrimitives.ReverseEndianness(r.GetInt64())); break;
            case GVariantTypeKind.UInt64: w.WriteUInt64(BinaryPrimitives.ReverseEndianness(r.GetUInt64())); break;
            case GVariantTypeKind.Double:
                w.WriteDouble(BitConverter.Int64BitsToDouble(BinaryPrimitives.ReverseEndianness(BitConverter.DoubleToInt64Bits(r.GetDouble()))));
                break;
            case GVariantTypeKind.String: w.WriteString(r.GetStringUtf8()); break;
            case GVariantTypeKind.ObjectPath: w.WriteObjectPath(r.GetString()); break;
            case GVariantTypeKind.Signature: w.WriteSignature(r.GetString()); break;
            case GVariantTypeKind.Variant:
            {
                var child = r.GetVariant();
                w.StartVariant(child.Type);
                Copy(child, w);
                w.EndVariant();
                break;
            }
            case GVariantTypeKind.Array:
            {
                w.StartArray();
                int n = r.Count;
                for (int i = 0; i < n; i++)
                    Copy(r.GetChild(i), w);
                w.EndArray();
                break;
            }
            case GVariantTypeKind.Tuple:
            case GVariantTypeKind.DictEntry:
            {
                bool dict = r.Type.Kind == GVariantTypeKind.DictEntry;
                if (dict) w.StartDictEntry(); else w.StartTuple();
                int n = r.Count;
                for (int i = 0; i < n; i++)
                    Copy(r.GetChild(i), w);
                if (dict) w.EndDictEntry(); else w.EndTuple();
                break;
            }
            case GVariantTypeKind.Maybe:
                if (r.TryGetMaybe(out var inner))
                {
                    w.StartMaybe();
                    Copy(inner, w);
                    w.EndMaybe();
                }
                else
                {
                    w.WriteNothing();
                }
                break;
            default:
                throw new InvalidOperationException($"Unexpected type {r.Type}.");
        }
    }
}
