using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;

namespace OstreeSharp.GVariant;

/// <summary>
/// A zero-copy, typed view over serialized GVariant data (spec §1). Values are read little-endian; children
/// are located through framing offsets whose width is derived from the container size.
/// </summary>
/// <remarks>
/// <para>Reading is tolerant of non-normal padding but never of framing that points outside its container:
/// such data raises <see cref="GVariantFormatException"/> (never an index or overflow exception).
/// Call <see cref="ValidateNormalForm"/> to check the complete normal form, as libostree does for metadata.</para>
/// <para>Nesting through variants is limited as GLib limits it: a value inside a <c>v</c> is rejected when its
/// container depth (counted from the outermost value, plus the depth of its own type) reaches
/// <see cref="GVariantType.MaxDepth"/> (128), so at most 127 nested variants are accepted. Validation cost is
/// linear in the data size times the nesting depth, never exponential.</para>
/// <para>Like GLib, a variable-size container of size 0 has 0-byte framing offsets that all read as 0; GLib's
/// normal-form check therefore accepts an empty buffer for tuples such as <c>(asas)</c>, and so does
/// <see cref="ValidateNormalForm"/>.</para>
/// </remarks>
public readonly ref struct GVariantReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly GVariantType _type;
    private readonly long _offset;
    private readonly int _depth;

    /// <summary>Creates a reader over <paramref name="data"/>, a serialized value of <paramref name="type"/>.</summary>
    public GVariantReader(ReadOnlySpan<byte> data, GVariantType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        _data = data;
        _type = type;
        _offset = 0;
        _depth = 0;
    }

    internal GVariantReader(ReadOnlySpan<byte> data, GVariantType type, long offset, int depth)
    {
        _data = data;
        _type = type;
        _offset = offset;
        _depth = depth;
    }

    /// <summary>The type of the value.</summary>
    public GVariantType Type => _type ?? throw new InvalidOperationException("The reader is not initialised.");

    /// <summary>The serialized bytes of the value.</summary>
    public ReadOnlySpan<byte> Data => _data;

    /// <summary>Absolute offset of <see cref="Data"/> within the buffer given to the outermost reader.</summary>
    public long Offset => _offset;

    /// <summary>Reads a <c>b</c> value (any non-zero byte is <see langword="true"/>).</summary>
    public bool GetBoolean() => Fixed(GVariantTypeKind.Boolean, 1)[0] != 0;

    /// <summary>Reads a <c>y</c> value.</summary>
    public byte GetByte() => Fixed(GVariantTypeKind.Byte, 1)[0];

    /// <summary>Reads an <c>n</c> value.</summary>
    public short GetInt16() => BinaryPrimitives.ReadInt16LittleEndian(Fixed(GVariantTypeKind.Int16, 2));

    /// <summary>Reads a <c>q</c> value.</summary>
    public ushort GetUInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Fixed(GVariantTypeKind.UInt16, 2));

    /// <summary>Reads an <c>i</c> value.</summary>
    public int GetInt32() => BinaryPrimitives.ReadInt32LittleEndian(Fixed(GVariantTypeKind.Int32, 4));

    /// <summary>Reads a <c>u</c> value.</summary>
    public uint GetUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Fixed(GVariantTypeKind.UInt32, 4));

    /// <summary>Reads an <c>x</c> value.</summary>
    public long GetInt64() => BinaryPrimitives.ReadInt64LittleEndian(Fixed(GVariantTypeKind.Int64, 8));

    /// <summary>Reads a <c>t</c> value.</summary>
    public ulong GetUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Fixed(GVariantTypeKind.UInt64, 8));

    /// <summary>Reads an <c>h</c> value.</summary>
    public int GetHandle() => BinaryPrimitives.ReadInt32LittleEndian(Fixed(GVariantTypeKind.Handle, 4));

    /// <summary>Reads a <c>d</c> value.</summary>
    public double GetDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Fixed(GVariantTypeKind.Double, 8));

    /// <summary>The UTF-8 bytes of an <c>s</c>, <c>o</c> or <c>g</c> value, without the terminating NUL.</summary>
    /// <exception cref="GVariantFormatException">The value is not NUL-terminated or holds an embedded NUL.</exception>
    public ReadOnlySpan<byte> GetStringUtf8()
    {
        GVariantTypeKind kind = Type.Kind;
        if (kind is not (GVariantTypeKind.String or GVariantTypeKind.ObjectPath or GVariantTypeKind.Signature))
        {
            throw WrongKind("a string");
        }

        if (_data.IsEmpty || _data[^1] != 0)
        {
            throw Error("string is not terminated by a NUL byte", _data.Length);
        }

        int nul = _data.IndexOf((byte)0);
        if (nul != _data.Length - 1)
        {
            throw Error("string contains an embedded NUL byte", nul);
        }

        return _data[..^1];
    }

    /// <summary>Decodes an <c>s</c>, <c>o</c> or <c>g</c> value.</summary>
    /// <exception cref="GVariantFormatException">The bytes are not a NUL-terminated valid UTF-8 string.</exception>
    public string GetString()
    {
        ReadOnlySpan<byte> utf8 = GetStringUtf8();
        if (!Utf8.IsValid(utf8))
        {
            throw Error("string is not valid UTF-8", 0);
        }

        return Encoding.UTF8.GetString(utf8);
    }

    /// <summary>The raw bytes of an array of fixed-size elements (typically <c>ay</c>).</summary>
    /// <exception cref="GVariantFormatException">The size is not a multiple of the element size.</exception>
    public ReadOnlySpan<byte> GetBytes()
    {
        GVariantType t = Type;
        if (t.Kind != GVariantTypeKind.Array || t.Element!.FixedSize is not int size)
        {
            throw WrongKind("an array of fixed-size elements");
        }

        if (_data.Length % size != 0)
        {
            throw Error($"array of '{t.Element}' has size {_data.Length}, not a multiple of the element size {size}", 0);
        }

        return _data;
    }

    /// <summary>
    /// Number of children: elements of an array, members of a tuple or dict entry, 0 or 1 for a maybe, 1 for a variant;
    /// 0 for basic types.
    /// </summary>
    public int Count
    {
        get
        {
            GVariantType t = Type;
            switch (t.Kind)
            {
                case GVariantTypeKind.Array:
                    if (t.Element!.FixedSize is int size)
                    {
                        return GetBytes().Length / size;
                    }

                    return VariableArrayCount(out _, out _);
                case GVariantTypeKind.Tuple:
                case GVariantTypeKind.DictEntry:
                    return t.Members.Count;
                case GVariantTypeKind.Maybe:
                    return _data.IsEmpty ? 0 : 1;
                case GVariantTypeKind.Variant:
                    return 1;
                default:
                    return 0;
            }
        }
    }

    /// <summary>The child at <paramref name="index"/> (see <see cref="Count"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not below <see cref="Count"/>.</exception>
    /// <exception cref="GVariantFormatException">The framing of the container is invalid.</exception>
    public GVariantReader GetChild(int index)
    {
        GVariantType t = Type;
        switch (t.Kind)
        {
            case GVariantTypeKind.Array:
                return GetArrayElement(index);
            case GVariantTypeKind.Tuple:
            case GVariantTypeKind.DictEntry:
                ArgumentOutOfRangeException.ThrowIfNegative(index);
                ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, t.Members.Count);
                return GetTupleMember(index);
            case GVariantTypeKind.Maybe:
                ArgumentOutOfRangeException.ThrowIfNegative(index);
                if (index != 0 || !TryGetMaybe(out GVariantReader value))
                {
                    throw new ArgumentOutOfRangeException(nameof(index), "The maybe value holds no child at this index.");
                }

                return value;
            case GVariantTypeKind.Variant:
                ArgumentOutOfRangeException.ThrowIfNotEqual(index, 0);
                return GetVariant();
            default:
                throw WrongKind("a container");
        }
    }

    /// <summary>The value inside a <c>v</c>, typed by its embedded type string.</summary>
    /// <exception cref="GVariantFormatException">The type string is missing or invalid, or nesting is too deep.</exception>
    public GVariantReader GetVariant()
    {
        if (Type.Kind != GVariantTypeKind.Variant)
        {
            throw WrongKind("a variant");
        }

        if (!TrySplitVariant(out ReadOnlySpan<byte> child, out GVariantType? childType, out string? error, out int where))
        {
            throw Error(error, where);
        }

        return new GVariantReader(child, childType, _offset, _depth + 1);
    }

    /// <summary>Gets the child of a maybe value.</summary>
    /// <returns><see langword="false"/> for Nothing.</returns>
    public bool TryGetMaybe(out GVariantReader value)
    {
        GVariantType t = Type;
        if (t.Kind != GVariantTypeKind.Maybe)
        {
            throw WrongKind("a maybe");
        }

        if (_data.IsEmpty)
        {
            value = default;
            return false;
        }

        GVariantType element = t.Element!;
        if (element.FixedSize is int size)
        {
            if (_data.Length != size)
            {
                throw Error($"maybe of '{element}' has size {_data.Length}, expected 0 or {size}", 0);
            }

            value = new GVariantReader(_data, element, _offset, _depth + 1);
        }
        else
        {
            value = new GVariantReader(_data[..^1], element, _offset, _depth + 1);
        }

        return true;
    }

    /// <summary>
    /// Looks up <paramref name="utf8Key"/> in a dictionary with string keys (<c>a{s…}</c>, <c>a{o…}</c>, <c>a{g…}</c>),
    /// scanning in order and returning the first match.
    /// </summary>
    public bool TryGetDictionaryValue(ReadOnlySpan<byte> utf8Key, out GVariantReader value)
    {
        GVariantType t = Type;
        if (!t.IsDictionary || t.Element!.Members[0].FixedSize is not null)
        {
            throw WrongKind("a dictionary with string keys");
        }

        int n = Count;
        for (int i = 0; i < n; i++)
        {
            GVariantReader entry = GetChild(i);
            if (entry.GetChild(0).GetStringUtf8().SequenceEqual(utf8Key))
            {
                value = entry.GetChild(1);
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>Looks up a string key in a dictionary with string keys (see <see cref="TryGetDictionaryValue(ReadOnlySpan{byte}, out GVariantReader)"/>).</summary>
    public bool TryGetDictionaryValue(string key, out GVariantReader value)
    {
        ArgumentNullException.ThrowIfNull(key);
        return TryGetDictionaryValue(Encoding.UTF8.GetBytes(key), out value);
    }

    /// <summary>
    /// Checks that the data is in GVariant normal form (spec §1.4), recursively: zero padding, minimal and
    /// consistent framing offsets, no trailing bytes, well-formed strings, object paths and signatures,
    /// booleans 0/1, exact sizes of fixed-size values, valid variant type strings and bounded nesting.
    /// </summary>
    /// <exception cref="GVariantFormatException">Describes the first violation and its offset.</exception>
    public void ValidateNormalForm()
    {
        var failure = default(NormalForm.Failure);
        if (!NormalForm.Check(_data, Type, _offset, _depth, ref failure))
        {
            throw new GVariantFormatException(failure.Reason!, failure.Offset);
        }
    }

    /// <summary>Whether the data is in GVariant normal form (see <see cref="ValidateNormalForm"/>).</summary>
    public bool IsNormalForm()
    {
        var failure = default(NormalForm.Failure);
        return NormalForm.Check(_data, Type, _offset, _depth, ref failure);
    }

    internal static int OffsetWidth(long containerSize) => containerSize switch
    {
        0 => 0,
        <= 0xFF => 1,
        <= 0xFFFF => 2,
        <= 0xFFFFFFFF => 4,
        _ => 8,
    };

    /// <remarks>Width 0 (a container of size 0) reads every offset as 0, as GLib does.</remarks>
    internal static ulong ReadOffset(ReadOnlySpan<byte> data, int position, int width) => width switch
    {
        0 => 0,
        1 => data[position],
        2 => BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(position, 2)),
        4 => BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(position, 4)),
        _ => BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(position, 8)),
    };

    internal static bool TrySplitVariant(ReadOnlySpan<byte> data, int depth, out ReadOnlySpan<byte> child,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out GVariantType? childType,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error, out int where)
    {
        child = default;
        childType = null;
        int nul = data.LastIndexOf((byte)0);
        if (nul < 0)
        {
            error = "variant has no NUL byte separating the value from its type string";
            where = 0;
            return false;
        }

        ReadOnlySpan<byte> typeString = data[(nul + 1)..];
        if (!GVariantType.TryParse(typeString, out childType))
        {
            error = $"variant type string '{Printable(typeString)}' is not a single complete type";
            where = nul + 1;
            return false;
        }

        if (depth + 1 + childType.Depth >= GVariantType.MaxDepth)
        {
            error = $"nesting through variants reaches the maximum depth of {GVariantType.MaxDepth}";
            where = nul + 1;
            childType = null;
            return false;
        }

        child = data[..nul];
        error = null;
        where = 0;
        return true;
    }

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder();
        foreach (byte b in bytes[..Math.Min(bytes.Length, 64)])
        {
            if (b is >= 0x20 and < 0x7f)
            {
                sb.Append((char)b);
            }
            else
            {
                sb.Append("\\x").Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        if (bytes.Length > 64)
        {
            sb.Append('…');
        }

        return sb.ToString();
    }

    private bool TrySplitVariant(out ReadOnlySpan<byte> child,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out GVariantType? childType,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error, out int where) =>
        TrySplitVariant(_data, _depth, out child, out childType, out error, out where);

    private ReadOnlySpan<byte> Fixed(GVariantTypeKind kind, int size)
    {
        if (Type.Kind != kind)
        {
            throw WrongKind($"'{kind}'");
        }

        if (_data.Length != size)
        {
            throw Error($"a '{_type}' value must be {size} bytes but has {_data.Length}", 0);
        }

        return _data;
    }

    private int VariableArrayCount(out int width, out int tableStart)
    {
        int len = _data.Length;
        width = OffsetWidth(len);
        tableStart = 0;
        if (len == 0)
        {
            return 0;
        }

        if (len < width)
        {
            throw Error($"array of size {len} is too small for its {width}-byte framing offset", 0);
        }

        ulong last = ReadOffset(_data, len - width, width);
        if (last > (ulong)(len - width))
        {
            throw Error($"last framing offset {last} points beyond the offset table at {len - width}", len - width);
        }

        tableStart = (int)last;
        int tableSize = len - tableStart;
        if (tableSize % width != 0)
        {
            throw Error($"framing offset table of {tableSize} bytes is not a multiple of the offset width {width}", tableStart);
        }

        return tableSize / width;
    }

    private GVariantReader GetArrayElement(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        GVariantType element = _type.Element!;
        if (element.FixedSize is int size)
        {
            int n = GetBytes().Length / size;
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, n);
            return new GVariantReader(_data.Slice(index * size, size), element, _offset + ((long)index * size), _depth + 1);
        }

        int count = VariableArrayCount(out int width, out int tableStart);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
        ulong end = ReadOffset(_data, tableStart + (index * width), width);
        ulong start = 0;
        if (index > 0)
        {
            start = ReadOffset(_data, tableStart + ((index - 1) * width), width);
            if (start > (ulong)tableStart)
            {
                throw Error($"framing offset {start} of element {index - 1} points beyond the offset table at {tableStart}", tableStart + ((index - 1) * width));
            }

            start = (ulong)GVariantType.Align((long)start, element.Alignment);
        }

        if (end > (ulong)tableStart)
        {
            throw Error($"framing offset {end} of element {index} points beyond the offset table at {tableStart}", tableStart + (index * width));
        }

        if (start > end)
        {
            throw Error($"element {index} starts at {start} but its framing offset says it ends at {end}", tableStart + (index * width));
        }

        return new GVariantReader(_data[(int)start..(int)end], element, _offset + (long)start, _depth + 1);
    }

    private GVariantReader GetTupleMember(int index)
    {
        GVariantType[] members = _type.MemberArray;
        int len = _data.Length;
        int width;
        int tableStart;
        if (_type.FixedSize is int fixedSize)
        {
            if (len != fixedSize)
            {
                throw Error($"a '{_type}' value must be {fixedSize} bytes but has {len}", 0);
            }

            width = 0;
            tableStart = len;
        }
        else
        {
            width = OffsetWidth(len);
            long need = (long)NormalForm.TupleOffsetCount(members) * width;
            if (need > len)
            {
                throw Error($"tuple of size {len} is too small for its {need} bytes of framing offsets", 0);
            }

            tableStart = len - (int)need;
        }

        long pos = 0;
        int k = 0;
        for (int j = 0; ; j++)
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
                ulong o = ReadOffset(_data, at, width);
                if (o > (ulong)tableStart)
                {
                    throw Error($"framing offset {o} of member {j} points beyond the offset table at {tableStart}", at);
                }

                end = (long)o;
                k++;
            }

            if (start > end || end > tableStart)
            {
                throw Error($"member {j} of '{_type}' spans {start}..{end}, outside the container body of {tableStart} bytes", Math.Min(start, tableStart));
            }

            if (j == index)
            {
                return new GVariantReader(_data[(int)start..(int)end], m, _offset + start, _depth + 1);
            }

            pos = end;
        }
    }

    private InvalidOperationException WrongKind(string expected) =>
        new($"The value has type '{Type}', not {expected}.");

    private GVariantFormatException Error(string reason, long localOffset) => new(reason, _offset + localOffset);
}
