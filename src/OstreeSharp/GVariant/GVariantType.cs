using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace OstreeSharp.GVariant;

/// <summary>
/// A definite GVariant type (spec §0–§1): a basic type, an array <c>aT</c>, a maybe <c>mT</c>, a tuple
/// <c>(…)</c> or a dictionary entry <c>{kv}</c> with a basic key. Instances are immutable and compare by
/// their type string.
/// </summary>
/// <remarks>
/// Nesting of type strings is limited to <see cref="MaxDepth"/> containers, the same limit GLib applies,
/// so hostile type strings (for instance inside a <c>v</c>) cannot cause unbounded recursion.
/// </remarks>
public sealed class GVariantType : IEquatable<GVariantType>
{
    /// <summary>The maximum container nesting depth accepted in a type string (GLib uses the same value).</summary>
    public const int MaxDepth = 128;

    private const int CacheLimit = 4096;
    private const int CacheMaxLength = 96;
    private static readonly ConcurrentDictionary<string, GVariantType> s_cache = new(StringComparer.Ordinal);

    private readonly string _text;

    private GVariantType(GVariantTypeKind kind, string text, GVariantType? element, GVariantType[] members)
    {
        Kind = kind;
        _text = text;
        Element = element;
        Members = members;
        switch (kind)
        {
            case GVariantTypeKind.Boolean:
            case GVariantTypeKind.Byte:
                Alignment = 1; FixedSize = 1; break;
            case GVariantTypeKind.Int16:
            case GVariantTypeKind.UInt16:
                Alignment = 2; FixedSize = 2; break;
            case GVariantTypeKind.Int32:
            case GVariantTypeKind.UInt32:
            case GVariantTypeKind.Handle:
                Alignment = 4; FixedSize = 4; break;
            case GVariantTypeKind.Int64:
            case GVariantTypeKind.UInt64:
            case GVariantTypeKind.Double:
                Alignment = 8; FixedSize = 8; break;
            case GVariantTypeKind.String:
            case GVariantTypeKind.ObjectPath:
            case GVariantTypeKind.Signature:
                Alignment = 1; FixedSize = null; break;
            case GVariantTypeKind.Variant:
                Alignment = 8; FixedSize = null; break;
            case GVariantTypeKind.Array:
            case GVariantTypeKind.Maybe:
                Alignment = element!.Alignment; FixedSize = null; Depth = element.Depth + 1; break;
            default:
                {
                    int align = 1;
                    int depth = 0;
                    foreach (GVariantType m in members)
                    {
                        align = Math.Max(align, m.Alignment);
                        depth = Math.Max(depth, m.Depth);
                    }

                    Alignment = align;
                    Depth = depth + 1;
                    bool allFixed = true;
                    long pos = 0;
                    foreach (GVariantType m in members)
                    {
                        if (m.FixedSize is not int size)
                        {
                            allFixed = false;
                            break;
                        }

                        pos = Align(pos, m.Alignment) + size;
                    }

                    if (allFixed)
                    {
                        FixedSize = members.Length == 0 ? 1 : checked((int)Align(pos, align));
                    }

                    break;
                }
        }
    }

    /// <summary><c>b</c></summary>
    public static GVariantType Boolean { get; } = Basic(GVariantTypeKind.Boolean, "b");
    /// <summary><c>y</c></summary>
    public static GVariantType Byte { get; } = Basic(GVariantTypeKind.Byte, "y");
    /// <summary><c>n</c></summary>
    public static GVariantType Int16 { get; } = Basic(GVariantTypeKind.Int16, "n");
    /// <summary><c>q</c></summary>
    public static GVariantType UInt16 { get; } = Basic(GVariantTypeKind.UInt16, "q");
    /// <summary><c>i</c></summary>
    public static GVariantType Int32 { get; } = Basic(GVariantTypeKind.Int32, "i");
    /// <summary><c>u</c></summary>
    public static GVariantType UInt32 { get; } = Basic(GVariantTypeKind.UInt32, "u");
    /// <summary><c>x</c></summary>
    public static GVariantType Int64 { get; } = Basic(GVariantTypeKind.Int64, "x");
    /// <summary><c>t</c></summary>
    public static GVariantType UInt64 { get; } = Basic(GVariantTypeKind.UInt64, "t");
    /// <summary><c>h</c></summary>
    public static GVariantType Handle { get; } = Basic(GVariantTypeKind.Handle, "h");
    /// <summary><c>d</c></summary>
    public static GVariantType Double { get; } = Basic(GVariantTypeKind.Double, "d");
    /// <summary><c>s</c></summary>
    public static GVariantType String { get; } = Basic(GVariantTypeKind.String, "s");
    /// <summary><c>o</c></summary>
    public static GVariantType ObjectPath { get; } = Basic(GVariantTypeKind.ObjectPath, "o");
    /// <summary><c>g</c></summary>
    public static GVariantType Signature { get; } = Basic(GVariantTypeKind.Signature, "g");
    /// <summary><c>v</c></summary>
    public static GVariantType Variant { get; } = Basic(GVariantTypeKind.Variant, "v");
    /// <summary><c>ay</c></summary>
    public static GVariantType ByteArray { get; } = Cache(ArrayOf(Byte));
    /// <summary><c>as</c></summary>
    public static GVariantType StringArray { get; } = Cache(ArrayOf(String));
    /// <summary><c>a{sv}</c></summary>
    public static GVariantType VarDict { get; } = Cache(ArrayOf(DictEntryOf(String, Variant)));
    /// <summary><c>()</c>, the unit type.</summary>
    public static GVariantType Unit { get; } = Cache(TupleOf());

    /// <summary>The kind of this type.</summary>
    public GVariantTypeKind Kind { get; }

    /// <summary>The element type of an array or maybe; <see langword="null"/> otherwise.</summary>
    public GVariantType? Element { get; }

    /// <summary>The member types of a tuple, or (key, value) of a dict entry; empty otherwise.</summary>
    public IReadOnlyList<GVariantType> Members { get; }

    /// <summary>Alignment in bytes: 1, 2, 4 or 8.</summary>
    public int Alignment { get; }

    /// <summary>Size in bytes of every value of this type, or <see langword="null"/> when values vary in size.</summary>
    public int? FixedSize { get; }

    /// <summary>Whether every value of this type has the same size (<see cref="FixedSize"/>).</summary>
    public bool IsFixedSize => FixedSize.HasValue;

    /// <summary>Whether this is a basic type (usable as a dictionary key): any of <c>bynqiuxthdsog</c>.</summary>
    public bool IsBasic => Kind <= GVariantTypeKind.Signature;

    /// <summary>Container nesting depth: 0 for basic types and <c>v</c>, 1 for <c>ay</c>, and so on.</summary>
    public int Depth { get; }

    /// <summary>Whether this is an array of dictionary entries (<c>a{…}</c>).</summary>
    public bool IsDictionary => Kind == GVariantTypeKind.Array && Element!.Kind == GVariantTypeKind.DictEntry;

    internal GVariantType[] MemberArray => (GVariantType[])Members;

    /// <summary>Parses a type string holding exactly one definite type.</summary>
    /// <exception cref="GVariantTypeFormatException"><paramref name="typeString"/> is not a single valid type.</exception>
    public static GVariantType Parse(string typeString)
    {
        ArgumentNullException.ThrowIfNull(typeString);
        if (s_cache.TryGetValue(typeString, out GVariantType? cached))
        {
            return cached;
        }

        if (!TryParseCore(typeString, out GVariantType? type, out string? error))
        {
            throw new GVariantTypeFormatException($"Invalid GVariant type string '{typeString}': {error}");
        }

        return type;
    }

    /// <summary>Tries to parse a type string holding exactly one definite type.</summary>
    public static bool TryParse(ReadOnlySpan<char> s, [NotNullWhen(true)] out GVariantType? type)
    {
        if (s.Length == 1)
        {
            type = FromBasicChar(s[0]);
            if (type is not null)
            {
                return true;
            }
        }

        return TryParseCore(s, out type, out _);
    }

    /// <summary>Tries to parse ASCII bytes holding exactly one definite type (for type strings found in data).</summary>
    public static bool TryParse(ReadOnlySpan<byte> ascii, [NotNullWhen(true)] out GVariantType? type)
    {
        if (ascii.Length == 1)
        {
            type = FromBasicChar((char)ascii[0]);
            if (type is not null)
            {
                return true;
            }
        }

        Span<char> chars = ascii.Length <= 256 ? stackalloc char[ascii.Length] : new char[ascii.Length];
        for (int i = 0; i < ascii.Length; i++)
        {
            byte b = ascii[i];
            if (b >= 0x80)
            {
                type = null;
                return false;
            }

            chars[i] = (char)b;
        }

        return TryParseCore(chars, out type, out _);
    }

    /// <summary>
    /// Whether <paramref name="s"/> is a valid <c>g</c> signature: a concatenation of zero or more complete types
    /// without maybe types (<c>m</c>), which D-Bus signatures cannot express.
    /// </summary>
    public static bool IsValidSignature(ReadOnlySpan<char> s)
    {
        if (s.Contains('m'))
        {
            return false;
        }

        int pos = 0;
        while (pos < s.Length)
        {
            if (ParseOne(s, ref pos, 0, out _) is null)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Parses the single complete type at the start of <paramref name="s"/>; <paramref name="consumed"/> is its length.</summary>
    internal static GVariantType? ParsePrefix(ReadOnlySpan<char> s, out int consumed, out string? error)
    {
        int pos = 0;
        GVariantType? t = ParseOne(s, ref pos, 0, out error);
        consumed = pos;
        return t;
    }

    /// <summary>The array type <c>a</c> + <paramref name="element"/>.</summary>
    public static GVariantType ArrayOf(GVariantType element)
    {
        ArgumentNullException.ThrowIfNull(element);
        CheckDepth(element.Depth + 1);
        return new GVariantType(GVariantTypeKind.Array, "a" + element._text, element, []);
    }

    /// <summary>The maybe type <c>m</c> + <paramref name="element"/>.</summary>
    public static GVariantType MaybeOf(GVariantType element)
    {
        ArgumentNullException.ThrowIfNull(element);
        CheckDepth(element.Depth + 1);
        return new GVariantType(GVariantTypeKind.Maybe, "m" + element._text, element, []);
    }

    /// <summary>The tuple type of <paramref name="members"/>.</summary>
    public static GVariantType TupleOf(params GVariantType[] members)
    {
        ArgumentNullException.ThrowIfNull(members);
        var copy = (GVariantType[])members.Clone();
        var sb = new System.Text.StringBuilder("(");
        foreach (GVariantType m in copy)
        {
            ArgumentNullException.ThrowIfNull(m, nameof(members));
            sb.Append(m._text);
        }

        var t = new GVariantType(GVariantTypeKind.Tuple, sb.Append(')').ToString(), null, copy);
        CheckDepth(t.Depth);
        return t;
    }

    /// <summary>The dictionary entry type <c>{kv}</c>; <paramref name="key"/> must be basic.</summary>
    public static GVariantType DictEntryOf(GVariantType key, GVariantType value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        if (!key.IsBasic)
        {
            throw new ArgumentException($"Dictionary keys must be basic types, not '{key}'.", nameof(key));
        }

        CheckDepth(value.Depth + 1);
        return new GVariantType(GVariantTypeKind.DictEntry, "{" + key._text + value._text + "}", null, [key, value]);
    }

    /// <inheritdoc/>
    public override string ToString() => _text;

    /// <inheritdoc/>
    public bool Equals(GVariantType? other) =>
        other is not null && (ReferenceEquals(this, other) || string.Equals(_text, other._text, StringComparison.Ordinal));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as GVariantType);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_text);

    /// <summary>Type equality.</summary>
    public static bool operator ==(GVariantType? left, GVariantType? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Type inequality.</summary>
    public static bool operator !=(GVariantType? left, GVariantType? right) => !(left == right);

    internal static long Align(long offset, int alignment) => (offset + alignment - 1) & ~(long)(alignment - 1);

    internal static GVariantType? FromBasicChar(char c) => c switch
    {
        'b' => Boolean,
        'y' => Byte,
        'n' => Int16,
        'q' => UInt16,
        'i' => Int32,
        'u' => UInt32,
        'x' => Int64,
        't' => UInt64,
        'h' => Handle,
        'd' => Double,
        's' => String,
        'o' => ObjectPath,
        'g' => Signature,
        'v' => Variant,
        _ => null,
    };

    private static GVariantType Basic(GVariantTypeKind kind, string text) =>
        Cache(new GVariantType(kind, text, null, []));

    private static GVariantType Cache(GVariantType t)
    {
        s_cache.TryAdd(t._text, t);
        return t;
    }

    private static void CheckDepth(int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ArgumentException($"GVariant types may nest at most {MaxDepth} containers deep.");
        }
    }

    private static bool TryParseCore(ReadOnlySpan<char> s, [NotNullWhen(true)] out GVariantType? type, [NotNullWhen(false)] out string? error)
    {
        if (s.IsEmpty)
        {
            type = null;
            error = "empty type string";
            return false;
        }

        if (s.Length <= CacheMaxLength)
        {
            var lookup = s_cache.GetAlternateLookup<ReadOnlySpan<char>>();
            if (lookup.TryGetValue(s, out type))
            {
                error = null;
                return true;
            }
        }

        int pos = 0;
        type = ParseOne(s, ref pos, 0, out error);
        if (type is null)
        {
            error ??= "invalid type";
            return false;
        }

        if (pos != s.Length)
        {
            type = null;
            error = $"unexpected '{s[pos]}' at position {pos} after a complete type";
            return false;
        }

        if (s.Length <= CacheMaxLength && s_cache.Count < CacheLimit)
        {
            s_cache.TryAdd(type._text, type);
        }

        return true;
    }

    private static GVariantType? ParseOne(ReadOnlySpan<char> s, ref int pos, int depth, out string? error)
    {
        if (pos >= s.Length)
        {
            error = "type string ends before a complete type";
            return null;
        }

        char c = s[pos];
        GVariantType? basic = FromBasicChar(c);
        if (basic is not null)
        {
            pos++;
            error = null;
            return basic;
        }

        if (depth >= MaxDepth)
        {
            error = $"containers nested more than {MaxDepth} deep";
            return null;
        }

        int start = pos;
        switch (c)
        {
            case 'a':
            case 'm':
                {
                    pos++;
                    GVariantType? element = ParseOne(s, ref pos, depth + 1, out error);
                    if (element is null)
                    {
                        return null;
                    }

                    return new GVariantType(c == 'a' ? GVariantTypeKind.Array : GVariantTypeKind.Maybe,
                        s[start..pos].ToString(), element, []);
                }

            case '(':
                {
                    pos++;
                    var members = new List<GVariantType>();
                    while (true)
                    {
                        if (pos >= s.Length)
                        {
                            error = "unterminated tuple";
                            return null;
                        }

                        if (s[pos] == ')')
                        {
                            pos++;
                            break;
                        }

                        GVariantType? m = ParseOne(s, ref pos, depth + 1, out error);
                        if (m is null)
                        {
                            return null;
                        }

                        members.Add(m);
                    }

                    error = null;
                    return new GVariantType(GVariantTypeKind.Tuple, s[start..pos].ToString(), null, [.. members]);
                }

            case '{':
                {
                    pos++;
                    if (pos >= s.Length)
                    {
                        error = "unterminated dictionary entry";
                        return null;
                    }

                    GVariantType? key = FromBasicChar(s[pos]);
                    if (key is null || key.Kind == GVariantTypeKind.Variant)
                    {
                        error = $"dictionary entry key at position {pos} must be a basic type";
                        return null;
                    }

                    pos++;
                    GVariantType? value = ParseOne(s, ref pos, depth + 1, out error);
                    if (value is null)
                    {
                        return null;
                    }

                    if (pos >= s.Length || s[pos] != '}')
                    {
                        error = $"dictionary entry at position {start} must hold exactly a key and a value";
                        return null;
                    }

                    pos++;
                    return new GVariantType(GVariantTypeKind.DictEntry, s[start..pos].ToString(), null, [key, value]);
                }

            default:
                error = c is '*' or '?' or 'r'
                    ? $"indefinite type '{c}' at position {pos} is not allowed"
                    : $"unexpected character '{c}' at position {pos}";
                return null;
        }
    }
}
