namespace OstreeSharp.GVariant;

/// <summary>The kind of a <see cref="GVariantType"/>: one per basic type letter plus the container kinds.</summary>
public enum GVariantTypeKind
{
    /// <summary><c>b</c>: boolean, one byte 0 or 1.</summary>
    Boolean,
    /// <summary><c>y</c>: unsigned byte.</summary>
    Byte,
    /// <summary><c>n</c>: signed 16-bit integer.</summary>
    Int16,
    /// <summary><c>q</c>: unsigned 16-bit integer.</summary>
    UInt16,
    /// <summary><c>i</c>: signed 32-bit integer.</summary>
    Int32,
    /// <summary><c>u</c>: unsigned 32-bit integer.</summary>
    UInt32,
    /// <summary><c>x</c>: signed 64-bit integer.</summary>
    Int64,
    /// <summary><c>t</c>: unsigned 64-bit integer.</summary>
    UInt64,
    /// <summary><c>h</c>: signed 32-bit file-descriptor index.</summary>
    Handle,
    /// <summary><c>d</c>: IEEE 754 double.</summary>
    Double,
    /// <summary><c>s</c>: NUL-terminated UTF-8 string.</summary>
    String,
    /// <summary><c>o</c>: D-Bus object path.</summary>
    ObjectPath,
    /// <summary><c>g</c>: D-Bus type signature.</summary>
    Signature,
    /// <summary><c>v</c>: a value together with its type.</summary>
    Variant,
    /// <summary><c>aT</c>: array.</summary>
    Array,
    /// <summary><c>mT</c>: maybe (nullable).</summary>
    Maybe,
    /// <summary><c>(…)</c>: tuple.</summary>
    Tuple,
    /// <summary><c>{kv}</c>: dictionary entry.</summary>
    DictEntry,
}
