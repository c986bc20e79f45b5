using OstreeSharp.GVariant;

namespace OstreeSharp.Objects;

/// <summary>One <c>{sv}</c> entry of an <c>a{sv}</c> metadata dictionary: a key and a typed serialized value.</summary>
/// <param name="Key">The key.</param>
/// <param name="Type">The value's GVariant type.</param>
/// <param name="Value">The value's normal-form serialized bytes.</param>
public readonly record struct MetadataEntry(string Key, GVariantType Type, ReadOnlyMemory<byte> Value)
{
    /// <summary>A reader over the value.</summary>
    public GVariantReader GetReader() => new(Value.Span, Type);
}
