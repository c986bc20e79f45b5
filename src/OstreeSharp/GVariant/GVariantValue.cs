using System.Buffers;
using System.Text;

namespace OstreeSharp.GVariant;

/// <summary>
/// An immutable, materialised GVariant value tree. Build one with the <c>From…</c>/<c>Create…</c> factories,
/// <see cref="Read(GVariantReader)"/> or <see cref="ParseText(string, GVariantType?)"/>; serialize it with
/// <see cref="Serialize()"/> or <see cref="WriteTo(GVariantWriter)"/>; print it with <see cref="Print(bool)"/>
/// exactly as GLib's <c>g_variant_print</c> does. Equality is structural (doubles compare bitwise).
/// </summary>
public abstract class GVariantValue : IEquatable<GVariantValue>
{
    private protected GVariantValue(GVariantType type) => Type = type;

    /// <summary>The type of the value.</summary>
    public GVariantType Type { get; }

    /// <summary>The kind of <see cref="Type"/>.</summary>
    public GVariantTypeKind Kind => Type.Kind;

    /// <summary>Children of a container (array elements, tuple/dict-entry members, the maybe's or variant's value); empty otherwise.</summary>
    public virtual IReadOnlyList<GVariantValue> Children => [];

    /// <summary>Number of <see cref="Children"/>.</summary>
    public int Count => Children.Count;

    /// <summary>The child at <paramref name="index"/>.</summary>
    public GVariantValue this[int index] => Children[index];

    /// <summary>A <c>b</c> value.</summary>
    public static GVariantValue FromBoolean(bool value) => new ScalarValue(GVariantType.Boolean, value ? 1UL : 0UL);

    /// <summary>A <c>y</c> value.</summary>
    public static GVariantValue FromByte(byte value) => new ScalarValue(GVariantType.Byte, value);

    /// <summary>An <c>n</c> value.</summary>
    public static GVariantValue FromInt16(short value) => new ScalarValue(GVariantType.Int16, (ulong)value);

    /// <summary>A <c>q</c> value.</summary>
    public static GVariantValue FromUInt16(ushort value) => new ScalarValue(GVariantType.UInt16, value);

    /// <summary>An <c>i</c> value.</summary>
    public static GVariantValue FromInt32(int value) => new ScalarValue(GVariantType.Int32, (ulong)value);

    /// <summary>A <c>u</c> value.</summary>
    public static GVariantValue FromUInt32(uint value) => new ScalarValue(GVariantType.UInt32, value);

    /// <summary>An <c>x</c> value.</summary>
    public static GVariantValue FromInt64(long value) => new ScalarValue(GVariantType.Int64, (ulong)value);

    /// <summary>A <c>t</c> value.</summary>
    public static GVariantValue FromUInt64(ulong value) => new ScalarValue(GVariantType.UInt64, value);

    /// <summary>An <c>h</c> value.</summary>
    public static GVariantValue FromHandle(int value) => new ScalarValue(GVariantType.Handle, (ulong)value);

    /// <summary>A <c>d</c> value.</summary>
    public static GVariantValue FromDouble(double value) => new ScalarValue(GVariantType.Double, (ulong)BitConverter.DoubleToInt64Bits(value));

    /// <summary>An <c>s</c> value.</summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> holds a NUL or a lone surrogate.</exception>
    public static GVariantValue FromString(string value) => new StringValue(GVariantType.String, CheckString(value));

    /// <summary>An <c>o</c> value.</summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> is not a valid D-Bus object path.</exception>
    public static GVariantValue FromObjectPath(string value)
    {
        CheckString(value);
        if (!NormalForm.IsObjectPath(Encoding.UTF8.GetBytes(value)))
        {
            throw new ArgumentException($"'{value}' is not a valid D-Bus object path.", nameof(value));
        }

        return new StringValue(GVariantType.ObjectPath, value);
    }

    /// <summary>A <c>g</c> value.</summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> is not a valid signature.</exception>
    public static GVariantValue FromSignature(string value)
    {
        CheckString(value);
        if (!GVariantType.IsValidSignature(value))
        {
            throw new ArgumentException($"'{value}' is not a valid GVariant signature.", nameof(value));
        }

        return new StringValue(GVariantType.Signature, value);
    }

    /// <summary>A <c>v</c> value holding <paramref name="value"/>.</summary>
    public static GVariantValue FromVariant(GVariantValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new VariantValue(value);
    }

    /// <summary>An <c>ay</c> value (copied).</summary>
    public static GVariantValue FromBytes(ReadOnlySpan<byte> value) => new BytesValue(value.ToArray());

    /// <summary>An <c>as</c> value.</summary>
    public static GVariantValue FromStrings(IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return CreateArray(GVariantType.String, values.Select(FromString));
    }

    /// <summary>An array of <paramref name="elementType"/> holding <paramref name="elements"/>.</summary>
    /// <exception cref="ArgumentException">An element does not have type <paramref name="elementType"/>.</exception>
    public static GVariantValue CreateArray(GVariantType elementType, IEnumerable<GVariantValue> elements)
    {
        ArgumentNullException.ThrowIfNull(elementType);
        ArgumentNullException.ThrowIfNull(elements);
        GVariantValue[] items = [.. elements];
        foreach (GVariantValue e in items)
        {
            ArgumentNullException.ThrowIfNull(e, nameof(elements));
            if (e.Type != elementType)
            {
                throw new ArgumentException($"Array element of type '{e.Type}' in an array of '{elementType}'.", nameof(elements));
            }
        }

        if (elementType.Kind == GVariantTypeKind.Byte)
        {
            byte[] bytes = new byte[items.Length];
            for (int i = 0; i < items.Length; i++)
            {
                bytes[i] = items[i].GetByte();
            }

            return new BytesValue(bytes);
        }

        return new ContainerValue(GVariantType.ArrayOf(elementType), items);
    }

    /// <summary>A tuple of <paramref name="members"/> (no members: the unit value <c>()</c>).</summary>
    public static GVariantValue CreateTuple(params GVariantValue[] members)
    {
        ArgumentNullException.ThrowIfNull(members);
        GVariantValue[] items = [.. members];
        var types = new GVariantType[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(items[i], nameof(members));
            types[i] = items[i].Type;
        }

        return new ContainerValue(GVariantType.TupleOf(types), items);
    }

    /// <summary>A dictionary entry <c>{kv}</c>; <paramref name="key"/> must have a basic type.</summary>
    public static GVariantValue CreateDictEntry(GVariantValue key, GVariantValue value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        return new ContainerValue(GVariantType.DictEntryOf(key.Type, value.Type), [key, value]);
    }

    /// <summary>A dictionary <c>a{kv}</c> holding <paramref name="entries"/> in the given order.</summary>
    public static GVariantValue CreateDictionary(GVariantType keyType, GVariantType valueType, IEnumerable<KeyValuePair<GVariantValue, GVariantValue>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        GVariantType entryType = GVariantType.DictEntryOf(keyType, valueType);
        return CreateArray(entryType, entries.Select(e => CreateDictEntry(e.Key, e.Value)));
    }

    /// <summary>A maybe holding <paramref name="value"/> (Just).</summary>
    public static GVariantValue CreateJust(GVariantValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new MaybeValue(GVariantType.MaybeOf(value.Type), value);
    }

    /// <summary>An empty maybe (Nothing) of element type <paramref name="elementType"/>.</summary>
    public static GVariantValue CreateNothing(GVariantType elementType)
    {
        ArgumentNullException.ThrowIfNull(elementType);
        return new MaybeValue(GVariantType.MaybeOf(elementType), null);
    }

    /// <summary>Materialises the value under <paramref name="reader"/>.</summary>
    /// <exception cref="GVariantFormatException">The data is malformed.</exception>
    public static GVariantValue Read(GVariantReader reader)
    {
        GVariantType t = reader.Type;
        switch (t.Kind)
        {
            case GVariantTypeKind.Boolean: return new ScalarValue(t, reader.GetBoolean() ? 1UL : 0UL);
            case GVariantTypeKind.Byte: return new ScalarValue(t, reader.GetByte());
            case GVariantTypeKind.Int16: return new ScalarValue(t, (ulong)reader.GetInt16());
            case GVariantTypeKind.UInt16: return new ScalarValue(t, reader.GetUInt16());
            case GVariantTypeKind.Int32: return new ScalarValue(t, (ulong)reader.GetInt32());
            case GVariantTypeKind.UInt32: return new ScalarValue(t, reader.GetUInt32());
            case GVariantTypeKind.Int64: return new ScalarValue(t, (ulong)reader.GetInt64());
            case GVariantTypeKind.UInt64: return new ScalarValue(t, reader.GetUInt64());
            case GVariantTypeKind.Handle: return new ScalarValue(t, (ulong)reader.GetHandle());
            case GVariantTypeKind.Double: return new ScalarValue(t, (ulong)BitConverter.DoubleToInt64Bits(reader.GetDouble()));
            case GVariantTypeKind.String:
            case GVariantTypeKind.ObjectPath:
            case GVariantTypeKind.Signature:
                return new StringValue(t, reader.GetString());
            case GVariantTypeKind.Variant:
                return new VariantValue(Read(reader.GetVariant()));
            case GVariantTypeKind.Maybe:
                return new MaybeValue(t, reader.TryGetMaybe(out GVariantReader child) ? Read(child) : null);
            case GVariantTypeKind.Array when t.Element!.Kind == GVariantTypeKind.Byte:
                return new BytesValue(reader.GetBytes().ToArray());
            default:
                {
                    int n = reader.Count;
                    var items = new GVariantValue[n];
                    for (int i = 0; i < n; i++)
                    {
                        items[i] = Read(reader.GetChild(i));
                    }

                    return new ContainerValue(t, items);
                }
        }
    }

    /// <summary>Materialises serialized <paramref name="data"/> of <paramref name="type"/>.</summary>
    public static GVariantValue Read(ReadOnlySpan<byte> data, GVariantType type) => Read(new GVariantReader(data, type));

    /// <summary>
    /// Parses GVariant text format as <c>g_variant_parse</c> does: literals, typed prefixes (<c>uint32 5</c>),
    /// <c>@type</c> annotations, strings and <c>b'…'</c> bytestrings, arrays, tuples, dictionaries, dict entries,
    /// variants <c>&lt;…&gt;</c>, <c>just</c>/<c>nothing</c> and <c>true</c>/<c>false</c>.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="expected">The required type, or <see langword="null"/> to infer it.</param>
    /// <exception cref="GVariantTextFormatException">The text is invalid or does not fit <paramref name="expected"/>.</exception>
    public static GVariantValue ParseText(string text, GVariantType? expected = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return GVariantTextParser.Parse(text, expected);
    }

    /// <summary>Writes this value through <paramref name="writer"/>, which must expect a value of <see cref="Type"/> next.</summary>
    public abstract void WriteTo(GVariantWriter writer);

    /// <summary>The normal-form serialization of this value.</summary>
    public byte[] Serialize() => GVariantWriter.Serialize(Type, WriteTo);

    /// <summary>Writes the normal-form serialization to <paramref name="output"/>.</summary>
    public void Serialize(IBufferWriter<byte> output)
    {
        var w = new GVariantWriter(output, Type);
        WriteTo(w);
        w.Complete();
    }

    /// <summary>The value in GVariant text format, identical to GLib's <c>g_variant_print(value, typeAnnotate)</c>.</summary>
    public string Print(bool typeAnnotate)
    {
        var sb = new StringBuilder();
        GVariantTextPrinter.Print(this, typeAnnotate, sb);
        return sb.ToString();
    }

    /// <summary>Equivalent to <see cref="Print(bool)"/> with type annotations.</summary>
    public override string ToString() => Print(true);

    /// <summary>Reads a <c>b</c>.</summary>
    public bool GetBoolean() => Scalar(GVariantTypeKind.Boolean) != 0;

    /// <summary>Reads a <c>y</c>.</summary>
    public byte GetByte() => (byte)Scalar(GVariantTypeKind.Byte);

    /// <summary>Reads an <c>n</c>.</summary>
    public short GetInt16() => (short)Scalar(GVariantTypeKind.Int16);

    /// <summary>Reads a <c>q</c>.</summary>
    public ushort GetUInt16() => (ushort)Scalar(GVariantTypeKind.UInt16);

    /// <summary>Reads an <c>i</c>.</summary>
    public int GetInt32() => (int)Scalar(GVariantTypeKind.Int32);

    /// <summary>Reads a <c>u</c>.</summary>
    public uint GetUInt32() => (uint)Scalar(GVariantTypeKind.UInt32);

    /// <summary>Reads an <c>x</c>.</summary>
    public long GetInt64() => (long)Scalar(GVariantTypeKind.Int64);

    /// <summary>Reads a <c>t</c>.</summary>
    public ulong GetUInt64() => Scalar(GVariantTypeKind.UInt64);

    /// <summary>Reads an <c>h</c>.</summary>
    public int GetHandle() => (int)Scalar(GVariantTypeKind.Handle);

    /// <summary>Reads a <c>d</c>.</summary>
    public double GetDouble() => BitConverter.Int64BitsToDouble((long)Scalar(GVariantTypeKind.Double));

    /// <summary>Reads an <c>s</c>, <c>o</c> or <c>g</c>.</summary>
    public string GetString() => this is StringValue s ? s.Value : throw WrongKind("a string");

    /// <summary>The bytes of an <c>ay</c>.</summary>
    public ReadOnlyMemory<byte> GetBytes() => this is BytesValue b ? b.Value : throw WrongKind("'ay'");

    /// <summary>The value inside a <c>v</c>.</summary>
    public GVariantValue GetVariant() => this is VariantValue v ? v.Value : throw WrongKind("a variant");

    /// <summary>The value inside a maybe; <see langword="false"/> for Nothing.</summary>
    public bool TryGetMaybe([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out GVariantValue? value)
    {
        if (this is not MaybeValue m)
        {
            throw WrongKind("a maybe");
        }

        value = m.Value;
        return value is not null;
    }

    /// <summary>Looks up the first entry with key <paramref name="key"/> in a dictionary <c>a{…}</c>.</summary>
    public bool TryGetDictionaryValue(GVariantValue key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out GVariantValue? value)
    {
        if (!Type.IsDictionary)
        {
            throw WrongKind("a dictionary");
        }

        foreach (GVariantValue entry in Children)
        {
            if (entry.Children[0].Equals(key))
            {
                value = entry.Children[1];
                return true;
            }
        }

        value = null;
        return false;
    }

    /// <summary>Looks up a string key in a dictionary with string keys.</summary>
    public bool TryGetDictionaryValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out GVariantValue? value) =>
        TryGetDictionaryValue(new StringValue(Type.Element?.Members.Count == 2 ? Type.Element.Members[0] : GVariantType.String, key), out value);

    /// <inheritdoc/>
    public bool Equals(GVariantValue? other) =>
        other is not null && (ReferenceEquals(this, other) || (Type == other.Type && ContentEquals(other)));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as GVariantValue);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Type, ContentHash());

    private protected abstract bool ContentEquals(GVariantValue other);

    private protected abstract int ContentHash();

    private protected InvalidOperationException WrongKind(string expected) => new($"The value has type '{Type}', not {expected}.");

    private ulong Scalar(GVariantTypeKind kind) =>
        this is ScalarValue s && Kind == kind ? s.Bits : throw WrongKind($"'{kind}'");

    private static string CheckString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("GVariant strings cannot contain NUL characters.", nameof(value));
        }

        if (!value.AsSpan().ContainsAnyInRange('\ud800', '\udfff'))
        {
            return value;
        }

        for (int i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                throw new ArgumentException("The string holds a lone surrogate.", nameof(value));
            }
        }

        return value;
    }
}
