using System.Text.Unicode;

namespace OstreeSharp.GVariant;

/// <summary>The recursive normal-form check behind <see cref="GVariantReader.ValidateNormalForm"/>.</summary>
internal static class NormalForm
{
    internal struct Failure
    {
        public string? Reason;
        public long Offset;
    }

    internal static int TupleOffsetCount(GVariantType[] members)
    {
        int n = 0;
        for (int i = 0; i < members.Length - 1; i++)
        {
            if (members[i].FixedSize is null)
            {
                n++;
            }
        }

        return n;
    }

    internal static int MinimalOffsetWidth(long body, long count)
    {
        if (body + count <= 0xFF)
        {
            return 1;
        }

        if (body + (2 * count) <= 0xFFFF)
        {
            return 2;
        }

        if (body + (4 * count) <= 0xFFFFFFFF)
        {
            return 4;
        }

        return 8;
    }

    internal static bool Check(ReadOnlySpan<byte> data, GVariantType type, long offset, int depth, ref Failure f)
    {
        switch (type.Kind)
        {
            case GVariantTypeKind.Boolean:
                if (!CheckSize(data, type, offset, ref f))
                {
                    return false;
                }

                return data[0] <= 1 || Fail(ref f, $"boolean byte is 0x{data[0]:x2}, not 0 or 1", offset);
            case GVariantTypeKind.Byte:
            case GVariantTypeKind.Int16:
            case GVariantTypeKind.UInt16:
            case GVariantTypeKind.Int32:
            case GVariantTypeKind.UInt32:
            case GVariantTypeKind.Int64:
            case GVariantTypeKind.UInt64:
            case GVariantTypeKind.Handle:
            case GVariantTypeKind.Double:
                return CheckSize(data, type, offset, ref f);
            case GVariantTypeKind.String:
            case GVariantTypeKind.ObjectPath:
            case GVariantTypeKind.Signature:
                return CheckString(data, type.Kind, offset, ref f);
            case GVariantTypeKind.Variant:
                return CheckVariant(data, offset, depth, ref f);
            case GVariantTypeKind.Maybe:
                return CheckMaybe(data, type, offset, depth, ref f);
            case GVariantTypeKind.Array:
                return type.Element!.FixedSize is int
                    ? CheckFixedArray(data, type, offset, depth, ref f)
                    : CheckVariableArray(data, type, offset, depth, ref f);
            default:
                return CheckTuple(data, type, offset, depth, ref f);
        }
    }

    private static bool Fail(ref Failure f, string reason, long offset)
    {
        f.Reason = reason;
        f.Offset = offset;
        return false;
    }

    private static bool CheckSize(ReadOnlySpan<byte> data, GVariantType type, long offset, ref Failure f) =>
        data.Length == type.FixedSize
        || Fail(ref f, $"a '{type}' value must be {type.FixedSize} bytes but has {data.Length}", offset);

    private static bool CheckZero(ReadOnlySpan<byte> padding, long offset, ref Failure f)
    {
        int bad = padding.IndexOfAnyExcept((byte)0);
        return bad < 0 || Fail(ref f, $"padding byte is 0x{padding[bad]:x2}, not zero", offset + bad);
    }

    private static bool CheckString(ReadOnlySpan<byte> data, GVariantTypeKind kind, long offset, ref Failure f)
    {
        if (data.IsEmpty)
        {
            return Fail(ref f, "string is empty: it lacks its terminating NUL", offset);
        }

        int nul = data.IndexOf((byte)0);
        if (nul < 0)
        {
            return Fail(ref f, "string is not terminated by a NUL byte", offset + data.Length - 1);
        }

        if (nul != data.Length - 1)
        {
            return Fail(ref f, "string contains an embedded NUL byte", offset + nul);
        }

        ReadOnlySpan<byte> s = data[..^1];
        if (!Utf8.IsValid(s))
        {
            return Fail(ref f, "string is not valid UTF-8", offset);
        }

        if (kind == GVariantTypeKind.ObjectPath && !IsObjectPath(s))
        {
            return Fail(ref f, "string is not a valid D-Bus object path", offset);
        }

        if (kind == GVariantTypeKind.Signature && !IsSignature(s))
        {
            return Fail(ref f, "string is not a valid GVariant signature", offset);
        }

        return true;
    }

    internal static bool IsObjectPath(ReadOnlySpan<byte> s)
    {
        if (s.IsEmpty || s[0] != '/')
        {
            return false;
        }

        if (s.Length == 1)
        {
            return true;
        }

        bool segmentEmpty = true;
        for (int i = 1; i < s.Length; i++)
        {
            byte c = s[i];
            if (c == '/')
            {
                if (segmentEmpty)
                {
                    return false;
                }

                segmentEmpty = true;
            }
            else if (c is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9') or (byte)'_')
            {
                segmentEmpty = false;
            }
            else
            {
                return false;
            }
        }

        return !segmentEmpty;
    }

    internal static bool IsSignature(ReadOnlySpan<byte> s)
    {
        Span<char> chars = s.Length <= 256 ? stackalloc char[s.Length] : new char[s.Length];
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] >= 0x80)
            {
                return false;
            }

            chars[i] = (char)s[i];
        }

        return GVariantType.IsValidSignature(chars);
    }

    private static bool CheckVariant(ReadOnlySpan<byte> data, long offset, int depth, ref Failure f)
    {
        if (!GVariantReader.TrySplitVariant(data, depth, out ReadOnlySpan<byte> child, out GVariantType? childType, out string? error, out int where))
        {
            return Fail(ref f, error, offset + where);
        }

        return Check(child, childType, offset, depth + 1, ref f);
    }

    private static bool CheckMaybe(ReadOnlySpan<byte> data, GVariantType type, long offset, int depth, ref Failure f)
    {
        if (data.IsEmpty)
        {
            return true;
        }

        GVariantType element = type.Element!;
        if (element.FixedSize is int size)
        {
            if (data.Length != size)
            {
                return Fail(ref f, $"maybe of '{element}' has size {data.Length}, expected 0 or {size}", offset);
            }

            return Check(data, element, offset, depth + 1, ref f);
        }

        if (data[^1] != 0)
        {
            return Fail(ref f, $"maybe of variable-size '{element}' does not end in a zero byte", offset + data.Length - 1);
        }

        return Check(data[..^1], element, offset, depth + 1, ref f);
    }

    private static bool CheckFixedArray(ReadOnlySpan<byte> data, GVariantType type, long offset, int depth, ref Failure f)
    {
        GVariantType element = type.Element!;
        int size = element.FixedSize!.Value;
        if (data.Length % size != 0)
        {
            return Fail(ref f, $"array of '{element}' has size {data.Length}, not a multiple of the element size {size}", offset);
        }

        if (element.Kind is GVariantTypeKind.Byte or GVariantTypeKind.Int16 or GVariantTypeKind.UInt16
            or GVariantTypeKind.Int32 or GVariantTypeKind.UInt32 or GVariantTypeKind.Int64 or GVariantTypeKind.UInt64
            or GVariantTypeKind.Handle or GVariantTypeKind.Double)
        {
            return true;
        }

        for (int i = 0; i < data.Length; i += size)
        {
            if (!Check(data.Slice(i, size), element, offset + i, depth + 1, ref f))
            {
                return false;
            }
        }

        return true;
    }

    private static bool CheckVariableArray(ReadOnlySpan<byte> data, GVariantType type, long offset, int depth, ref Failure f)
    {
        int len = data.Length;
        if (len == 0)
        {
            return true;
        }

        GVariantType element = type.Element!;
        int width = GVariantReader.OffsetWidth(len);
        if (len < width)
        {
            return Fail(ref f, $"array of size {len} is too small for its {width}-byte framing offset", offset);
        }

        ulong last = GVariantReader.ReadOffset(data, len - width, width);
        if (last > (ulong)(len - width))
        {
            return Fail(ref f, $"last framing offset {last} points beyond the offset table at {len - width}", offset + len - width);
        }

        int tableStart = (int)last;
        int tableSize = len - tableStart;
        if (tableSize % width != 0)
        {
            return Fail(ref f, $"framing offset table of {tableSize} bytes is not a multiple of the offset width {width}", offset + tableStart);
        }

        int count = tableSize / width;
        if (MinimalOffsetWidth(tableStart, count) != width)
        {
            return Fail(ref f, $"framing offsets are {width} bytes wide but {MinimalOffsetWidth(tableStart, count)} would suffice", offset + tableStart);
        }

        long pos = 0;
        for (int i = 0; i < count; i++)
        {
            int at = tableStart + (i * width);
            ulong end = GVariantReader.ReadOffset(data, at, width);
            long start = GVariantType.Align(pos, element.Alignment);
            if (end > (ulong)tableStart || (long)end < start)
            {
                return Fail(ref f, $"framing offset {end} of element {i} is outside {start}..{tableStart}", offset + at);
            }

            if (!CheckZero(data[(int)pos..(int)start], offset + pos, ref f)
                || !Check(data[(int)start..(int)end], element, offset + start, depth + 1, ref f))
            {
                return false;
            }

            pos = (long)end;
        }

        return true;
    }

    private static bool CheckTuple(ReadOnlySpan<byte> data, GVariantType type, long offset, int depth, ref Failure f)
    {
        GVariantType[] members = type.MemberArray;
        int len = data.Length;
        int width = 0;
        int tableStart = len;
        int nOffsets = 0;
        if (type.FixedSize is int fixedSize)
        {
            if (len != fixedSize)
            {
                return Fail(ref f, $"a '{type}' value must be {fixedSize} bytes but has {len}", offset);
            }
        }
        else
        {
            width = GVariantReader.OffsetWidth(len);
            nOffsets = TupleOffsetCount(members);
            long need = (long)nOffsets * width;
            if (need > len)
            {
                return Fail(ref f, $"'{type}' value of size {len} is too small for its {need} bytes of framing offsets", offset);
            }

            tableStart = len - (int)need;
        }

        long pos = 0;
        int k = 0;
        for (int j = 0; j < members.Length; j++)
        {
            GVariantType m = members[j];
            long start = GVariantType.Align(pos, m.Alignment);
            long end;
            if (m.FixedSize is int size)
            {
                end = start + size;
            }
            else if (j == members.Length - 1)
            {
                end = tableStart;
            }
            else
            {
                int at = len - ((k + 1) * width);
                ulong o = GVariantReader.ReadOffset(data, at, width);
                if (o > (ulong)tableStart || (long)o < start)
                {
                    return Fail(ref f, $"framing offset {o} of member {j} of '{type}' is outside {Math.Min(start, tableStart)}..{tableStart}", offset + at);
                }

                end = (long)o;
                k++;
            }

            if (start > end || end > tableStart)
            {
                return Fail(ref f, $"member {j} of '{type}' spans {start}..{end}, outside the container body of {tableStart} bytes", offset + Math.Min(start, tableStart));
            }

            if (!CheckZero(data[(int)pos..(int)start], offset + pos, ref f)
                || !Check(data[(int)start..(int)end], m, offset + start, depth + 1, ref f))
            {
                return false;
            }

            pos = end;
        }

        if (type.FixedSize is not null)
        {
            return CheckZero(data[(int)pos..], offset + pos, ref f);
        }

        if (pos != tableStart)
        {
            return Fail(ref f, $"{tableStart - pos} unexpected bytes after the last member of '{type}'", offset + pos);
        }

        if (nOffsets > 0 && width > 0 && MinimalOffsetWidth(tableStart, nOffsets) != width)
        {
            return Fail(ref f, $"framing offsets are {width} bytes wide but {MinimalOffsetWidth(tableStart, nOffsets)} would suffice", offset + tableStart);
        }

        return true;
    }
}
