namespace OstreeSharp.GVariant;

/// <summary>A fixed-size basic value (b y n q i u x t h d) stored as its 64-bit pattern.</summary>
internal sealed class ScalarValue(GVariantType type, ulong bits) : GVariantValue(type)
{
    public ulong Bits { get; } = bits;

    public override void WriteTo(GVariantWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        switch (Kind)
        {
            case GVariantTypeKind.Boolean: writer.WriteBoolean(Bits != 0); break;
            case GVariantTypeKind.Byte: writer.WriteByte((byte)Bits); break;
            case GVariantTypeKind.Int16: writer.WriteInt16((short)Bits); break;
            case GVariantTypeKind.UInt16: writer.WriteUInt16((ushort)Bits); break;
            case GVariantTypeKind.Int32: writer.WriteInt32((int)Bits); break;
            case GVariantTypeKind.UInt32: writer.WriteUInt32((uint)Bits); break;
            case GVariantTypeKind.Int64: writer.WriteInt64((long)Bits); break;
            case GVariantTypeKind.UInt64: writer.WriteUInt64(Bits); break;
            case GVariantTypeKind.Handle: writer.WriteHandle((int)Bits); break;
            default: writer.WriteDouble(BitConverter.Int64BitsToDouble((long)Bits)); break;
        }
    }

    private protected override bool ContentEquals(GVariantValue other) => other is ScalarValue s && s.Bits == Bits;

    private protected override int ContentHash() => Bits.GetHashCode();
}

/// <summary>An <c>s</c>, <c>o</c> or <c>g</c> value.</summary>
internal sealed class StringValue(GVariantType type, string value) : GVariantValue(type)
{
    public string Value { get; } = value;

    public override void WriteTo(GVariantWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteString(Value);
    }

    private protected override bool ContentEquals(GVariantValue other) =>
        other is StringValue s && string.Equals(s.Value, Value, StringComparison.Ordinal);

    private protected override int ContentHash() => StringComparer.Ordinal.GetHashCode(Value);
}

/// <summary>An <c>ay</c> value.</summary>
internal sealed class BytesValue(byte[] value) : GVariantValue(GVariantType.ByteArray)
{
    private GVariantValue[]? _children;

    public byte[] Value { get; } = value;

    public override IReadOnlyList<GVariantValue> Children => _children ??= [.. Value.Select(FromByte)];

    public override void WriteTo(GVariantWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteBytes(Value);
    }

    private protected override bool ContentEquals(GVariantValue other) => other is BytesValue b && b.Value.AsSpan().SequenceEqual(Value);

    private protected override int ContentHash()
    {
        var h = new HashCode();
        h.AddBytes(Value);
        return h.ToHashCode();
    }
}

/// <summary>An array (other than <c>ay</c>), tuple or dict entry.</summary>
internal sealed class ContainerValue(GVariantType type, GVariantValue[] items) : GVariantValue(type)
{
    public override IReadOnlyList<GVariantValue> Children => items;

    public override void WriteTo(GVariantWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        switch (Kind)
        {
            case GVariantTypeKind.Array:
                writer.StartArray();
                foreach (GVariantValue v in items)
                {
                    v.WriteTo(writer);
                }

                writer.EndArray();
                break;
            case GVariantTypeKind.Tuple:
                writer.StartTuple();
                foreach (GVariantValue v in items)
                {
                    v.WriteTo(writer);
                }

                writer.EndTuple();
                break;
            default:
                writer.StartDictEntry();
                items[0].WriteTo(writer);
                items[1].WriteTo(writer);
                writer.EndDictEntry();
                break;
        }
    }

    private protected override bool ContentEquals(GVariantValue other)
    {
        if (other is not ContainerValue c || c.Children.Count != items.Length)
        {
            return false;
        }

        for (int i = 0; i < items.Length; i++)
        {
            if (!items[i].Equals(c.Children[i]))
            {
                return false;
            }
        }

        return true;
    }

    private protected override int ContentHash()
    {
        var h = new HashCode();
        h.Add(items.Length);
        foreach (GVariantValue v in items.Take(8))
        {
            h.Add(v);
        }

        return h.ToHashCode();
    }
}

/// <summary>A maybe value: Just (non-null <see cref="Value"/>) or Nothing.</summary>
internal sealed class MaybeValue(GVariantType type, GVariantValue? value) : GVariantValue(type)
{
    public GVariantValue? Value { get; } = value;

    public override IReadOnlyList<GVariantValue> Children => Value is null ? [] : [Value];

    public override void WriteTo(GVariantWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (Value is null)
        {
            writer.WriteNothing();
            return;
        }

        writer.StartMaybe();
        Value.WriteTo(writer);
        writer.EndMaybe();
    }

    private protected override bool ContentEquals(GVariantValue other) =>
        other is MaybeValue m && (Value is null ? m.Value is null : Value.Equals(m.Value));

    private protected override int ContentHash() => Value?.GetHashCode() ?? 0;
}

/// <summary>A <c>v</c> value.</summary>
internal sealed class VariantValue(GVariantValue value) : GVariantValue(GVariantType.Variant)
{
    public GVariantValue Value { get; } = value;

    public override IReadOnlyList<GVariantValue> Children => [Value];

    public override void WriteTo(GVariantWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.StartVariant(Value.Type);
        Value.WriteTo(writer);
        writer.EndVariant();
    }

    private protected override bool ContentEquals(GVariantValue other) => other is VariantValue v && Value.Equals(v.Value);

    private protected override int ContentHash() => Value.GetHashCode();
}
