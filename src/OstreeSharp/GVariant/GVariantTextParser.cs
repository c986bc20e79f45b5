using System.Globalization;
using System.Text;

namespace OstreeSharp.GVariant;

/// <summary>
/// GVariant text format input (the <c>g_variant_parse</c> grammar without format strings): values are parsed into a
/// syntax tree, a type pattern is inferred and unified across array elements and dictionary entries (as GLib does,
/// so <c>[1, uint32 2]</c> is <c>au</c>), defaulted (numbers to <c>i</c> or <c>d</c>, strings to <c>s</c>), and the
/// tree is then converted to a <see cref="GVariantValue"/> of that type.
/// </summary>
internal sealed class GVariantTextParser
{
    private const int MaxNesting = GVariantType.MaxDepth;

    private readonly string _text;
    private int _pos;

    private GVariantTextParser(string text) => _text = text;

    public static GVariantValue Parse(string text, GVariantType? expected)
    {
        var p = new GVariantTextParser(text);
        Node node = p.ParseValue(0);
        p.SkipWhitespace();
        if (p._pos != text.Length)
        {
            throw new GVariantTextFormatException("expected end of input", p._pos);
        }

        Pat pat = PatternOf(node);
        if (expected is not null)
        {
            pat = Merge(FromType(expected), pat, node.Pos);
        }

        return Build(node, DefaultType(pat, node.Pos));
    }

    private enum NodeKind { Number, String, Bytes, Bool, Typed, Array, Tuple, Dict, DictEntry, Variant, Just, Nothing }

    private enum PatKind { Any, Number, Float, String, Concrete, Array, Maybe, Tuple, DictEntry }

    private static GVariantTextFormatException Error(string reason, int pos) => new(reason, pos);

    // ---------------------------------------------------------------- syntax

    private void SkipWhitespace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
        {
            _pos++;
        }
    }

    private char Peek()
    {
        SkipWhitespace();
        return _pos < _text.Length ? _text[_pos] : '\0';
    }

    private void Expect(char c)
    {
        if (Peek() != c)
        {
            throw Error($"expected '{c}'", _pos);
        }

        _pos++;
    }

    private Node ParseValue(int depth)
    {
        if (depth > MaxNesting)
        {
            throw Error($"values nested more than {MaxNesting} deep", _pos);
        }

        char c = Peek();
        int start = _pos;
        switch (c)
        {
            case '\0':
                throw Error("expected value", _pos);
            case '[':
                {
                    _pos++;
                    var items = new List<Node>();
                    if (Peek() == ']')
                    {
                        _pos++;
                        return new Node(NodeKind.Array, start) { Children = items };
                    }

                    while (true)
                    {
                        items.Add(ParseValue(depth + 1));
                        char n = Peek();
                        _pos++;
                        if (n == ']')
                        {
                            return new Node(NodeKind.Array, start) { Children = items };
                        }

                        if (n != ',')
                        {
                            throw Error("expected ',' or ']'", _pos - 1);
                        }
                    }
                }

            case '(':
                {
                    _pos++;
                    var items = new List<Node>();
                    if (Peek() == ')')
                    {
                        _pos++;
                        return new Node(NodeKind.Tuple, start) { Children = items };
                    }

                    while (true)
                    {
                        items.Add(ParseValue(depth + 1));
                        char n = Peek();
                        _pos++;
                        if (n == ')')
                        {
                            return new Node(NodeKind.Tuple, start) { Children = items };
                        }

                        if (n != ',')
                        {
                            throw Error("expected ',' or ')'", _pos - 1);
                        }

                        if (Peek() == ')')
                        {
                            _pos++;
                            return new Node(NodeKind.Tuple, start) { Children = items };
                        }
                    }
                }

            case '{':
                {
                    _pos++;
                    var entries = new List<Node>();
                    if (Peek() == '}')
                    {
                        _pos++;
                        return new Node(NodeKind.Dict, start) { Children = entries };
                    }

                    Node key = ParseValue(depth + 1);
                    char sep = Peek();
                    if (sep == ',')
                    {
                        _pos++;
                        Node value = ParseValue(depth + 1);
                        Expect('}');
                        return new Node(NodeKind.DictEntry, start) { Children = [key, value] };
                    }

                    while (true)
                    {
                        Expect(':');
                        Node value = ParseValue(depth + 1);
                        entries.Add(new Node(NodeKind.DictEntry, key.Pos) { Children = [key, value] });
                        char n = Peek();
                        _pos++;
                        if (n == '}')
                        {
                            return new Node(NodeKind.Dict, start) { Children = entries };
                        }

                        if (n != ',')
                        {
                            throw Error("expected ',' or '}'", _pos - 1);
                        }

                        key = ParseValue(depth + 1);
                    }
                }

            case '<':
                {
                    _pos++;
                    Node child = ParseValue(depth + 1);
                    Expect('>');
                    return new Node(NodeKind.Variant, start) { Children = [child] };
                }

            case '@':
                {
                    _pos++;
                    GVariantType? t = GVariantType.ParsePrefix(_text.AsSpan(_pos), out int consumed, out string? error);
                    if (t is null)
                    {
                        throw Error($"invalid type annotation: {error}", _pos);
                    }

                    _pos += consumed;
                    Node child = ParseValue(depth + 1);
                    return new Node(NodeKind.Typed, start) { Type = t, Children = [child] };
                }

            case '\'':
            case '"':
                return new Node(NodeKind.String, start) { Text = ParseString() };
        }

        if (c is (>= '0' and <= '9') or '-' or '+' or '.')
        {
            _pos++;
            while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] is '.' or '+' or '-'))
            {
                _pos++;
            }

            return new Node(NodeKind.Number, start) { Text = _text[start.._pos] };
        }

        if (char.IsAsciiLetter(c))
        {
            while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] == '_'))
            {
                _pos++;
            }

            string word = _text[start.._pos];
            if (word == "b" && _pos < _text.Length && _text[_pos] is '\'' or '"')
            {
                return new Node(NodeKind.Bytes, start) { Bytes = ParseByteString() };
            }

            switch (word)
            {
                case "true":
                case "false":
                    return new Node(NodeKind.Bool, start) { Text = word };
                case "inf":
                case "nan":
                    return new Node(NodeKind.Number, start) { Text = word };
                case "nothing":
                    return new Node(NodeKind.Nothing, start);
                case "just":
                    return new Node(NodeKind.Just, start) { Children = [ParseValue(depth + 1)] };
            }

            GVariantType? keywordType = word switch
            {
                "boolean" => GVariantType.Boolean,
                "byte" => GVariantType.Byte,
                "int16" => GVariantType.Int16,
                "uint16" => GVariantType.UInt16,
                "int32" => GVariantType.Int32,
                "uint32" => GVariantType.UInt32,
                "int64" => GVariantType.Int64,
                "uint64" => GVariantType.UInt64,
                "handle" => GVariantType.Handle,
                "double" => GVariantType.Double,
                "string" => GVariantType.String,
                "objectpath" => GVariantType.ObjectPath,
                "signature" => GVariantType.Signature,
                _ => null,
            };
            if (keywordType is null)
            {
                throw Error($"unknown keyword '{word}'", start);
            }

            return new Node(NodeKind.Typed, start) { Type = keywordType, Children = [ParseValue(depth + 1)] };
        }

        throw Error($"unexpected character '{c}'", _pos);
    }

    private string ParseString()
    {
        char quote = _text[_pos++];
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length)
            {
                throw Error("unterminated string constant", _pos);
            }

            char c = _text[_pos++];
            if (c == quote)
            {
                return sb.ToString();
            }

            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }

            if (_pos >= _text.Length)
            {
                throw Error("unterminated string constant", _pos);
            }

            char e = _text[_pos++];
            switch (e)
            {
                case 'a': sb.Append('\a'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'v': sb.Append('\v'); break;
                case 'u':
                case 'U':
                    {
                        int n = e == 'u' ? 4 : 8;
                        int start = _pos - 2;
                        if (_pos + n > _text.Length || !int.TryParse(_text.AsSpan(_pos, n), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int cp)
                            || !Rune.IsValid(cp))
                        {
                            throw Error($"invalid \\{e} escape", start);
                        }

                        _pos += n;
                        sb.Append(new Rune(cp).ToString());
                        break;
                    }

                default:
                    sb.Append(e);
                    break;
            }
        }
    }

    private byte[] ParseByteString()
    {
        char quote = _text[_pos++];
        var bytes = new List<byte>();
        Span<byte> utf8 = stackalloc byte[4];
        while (true)
        {
            if (_pos >= _text.Length)
            {
                throw Error("unterminated bytestring constant", _pos);
            }

            char c = _text[_pos++];
            if (c == quote)
            {
                bytes.Add(0);
                return [.. bytes];
            }

            if (c != '\\')
            {
                if (char.IsSurrogate(c))
                {
                    if (!char.IsHighSurrogate(c) || _pos >= _text.Length || !char.IsLowSurrogate(_text[_pos]))
                    {
                        throw Error("invalid UTF-16 in bytestring", _pos - 1);
                    }

                    int n2 = new Rune(c, _text[_pos++]).EncodeToUtf8(utf8);
                    bytes.AddRange(utf8[..n2]);
                }
                else
                {
                    int n1 = new Rune(c).EncodeToUtf8(utf8);
                    bytes.AddRange(utf8[..n1]);
                }

                continue;
            }

            if (_pos >= _text.Length)
            {
                throw Error("unterminated bytestring constant", _pos);
            }

            char e = _text[_pos++];
            switch (e)
            {
                case 'a': bytes.Add(7); break;
                case 'b': bytes.Add(8); break;
                case 'f': bytes.Add(12); break;
                case 'n': bytes.Add(10); break;
                case 'r': bytes.Add(13); break;
                case 't': bytes.Add(9); break;
                case 'v': bytes.Add(11); break;
                case >= '0' and <= '7':
                    {
                        int v = e - '0';
                        for (int i = 0; i < 2 && _pos < _text.Length && _text[_pos] is >= '0' and <= '7'; i++)
                        {
                            v = (v * 8) + (_text[_pos++] - '0');
                        }

                        bytes.Add((byte)v);
                        break;
                    }

                default:
                    if (e >= 0x80)
                    {
                        throw Error("non-ASCII escape in bytestring", _pos - 1);
                    }

                    bytes.Add((byte)e);
                    break;
            }
        }
    }

    // ---------------------------------------------------------------- type inference

    private static Pat PatternOf(Node node)
    {
        switch (node.Kind)
        {
            case NodeKind.Number:
                return IsFloatLiteral(node.Text!) ? Pat.FloatPat : Pat.NumberPat;
            case NodeKind.String:
                return Pat.StringPat;
            case NodeKind.Bytes:
                return FromType(GVariantType.ByteArray);
            case NodeKind.Bool:
                return FromType(GVariantType.Boolean);
            case NodeKind.Typed:
                return FromType(node.Type!);
            case NodeKind.Variant:
                return FromType(GVariantType.Variant);
            case NodeKind.Nothing:
                return new Pat(PatKind.Maybe) { Items = [Pat.AnyPat] };
            case NodeKind.Just:
                return new Pat(PatKind.Maybe) { Items = [PatternOf(node.Children![0])] };
            case NodeKind.Array:
                {
                    Pat element = Pat.AnyPat;
                    foreach (Node child in node.Children!)
                    {
                        element = Merge(element, PatternOf(child), child.Pos);
                    }

                    return new Pat(PatKind.Array) { Items = [element] };
                }

            case NodeKind.Tuple:
                return new Pat(PatKind.Tuple) { Items = [.. node.Children!.Select(PatternOf)] };
            case NodeKind.DictEntry:
                return new Pat(PatKind.DictEntry) { Items = [PatternOf(node.Children![0]), PatternOf(node.Children[1])] };
            default:
                {
                    Pat entry = new(PatKind.DictEntry) { Items = [Pat.AnyPat, Pat.AnyPat] };
                    foreach (Node child in node.Children!)
                    {
                        entry = Merge(entry, PatternOf(child), child.Pos);
                    }

                    return new Pat(PatKind.Array) { Items = [entry] };
                }
        }
    }

    private static Pat FromType(GVariantType t) => t.Kind switch
    {
        GVariantTypeKind.Array => new Pat(PatKind.Array) { Items = [FromType(t.Element!)] },
        GVariantTypeKind.Maybe => new Pat(PatKind.Maybe) { Items = [FromType(t.Element!)] },
        GVariantTypeKind.Tuple => new Pat(PatKind.Tuple) { Items = [.. t.Members.Select(FromType)] },
        GVariantTypeKind.DictEntry => new Pat(PatKind.DictEntry) { Items = [FromType(t.Members[0]), FromType(t.Members[1])] },
        _ => new Pat(PatKind.Concrete) { Type = t },
    };

    private static bool IsNumeric(GVariantType t) => t.Kind is GVariantTypeKind.Byte or GVariantTypeKind.Int16
        or GVariantTypeKind.UInt16 or GVariantTypeKind.Int32 or GVariantTypeKind.UInt32 or GVariantTypeKind.Int64
        or GVariantTypeKind.UInt64 or GVariantTypeKind.Handle or GVariantTypeKind.Double;

    private static Pat Merge(Pat a, Pat b, int pos)
    {
        if (a.Kind == PatKind.Any)
        {
            return b;
        }

        if (b.Kind == PatKind.Any)
        {
            return a;
        }

        if (a.Kind == PatKind.String && b.Kind == PatKind.String)
        {
            return a;
        }

        if (a.Kind is PatKind.Number or PatKind.Float && b.Kind is PatKind.Number or PatKind.Float)
        {
            return a.Kind == PatKind.Float || b.Kind == PatKind.Float ? Pat.FloatPat : Pat.NumberPat;
        }

        if (b.Kind == PatKind.Concrete && a.Kind is PatKind.Number or PatKind.Float or PatKind.String)
        {
            (a, b) = (b, a);
        }

        if (a.Kind == PatKind.Concrete)
        {
            GVariantType t = a.Type!;
            switch (b.Kind)
            {
                case PatKind.Concrete when b.Type == t:
                    return a;
                case PatKind.Number when IsNumeric(t):
                    return a;
                case PatKind.Float when t.Kind == GVariantTypeKind.Double:
                    return a;
                case PatKind.String when t.Kind is GVariantTypeKind.String or GVariantTypeKind.ObjectPath or GVariantTypeKind.Signature:
                    return a;
            }
        }

        if (a.Kind == b.Kind && a.Kind is PatKind.Array or PatKind.Maybe or PatKind.Tuple or PatKind.DictEntry
            && a.Items!.Length == b.Items!.Length)
        {
            var items = new Pat[a.Items.Length];
            for (int i = 0; i < items.Length; i++)
            {
                items[i] = Merge(a.Items[i], b.Items[i], pos);
            }

            return new Pat(a.Kind) { Items = items };
        }

        if (a.Kind == PatKind.Maybe && b.Kind != PatKind.Maybe)
        {
            return new Pat(PatKind.Maybe) { Items = [Merge(a.Items![0], b, pos)] };
        }

        if (b.Kind == PatKind.Maybe && a.Kind != PatKind.Maybe)
        {
            return new Pat(PatKind.Maybe) { Items = [Merge(a, b.Items![0], pos)] };
        }

        throw Error("type mismatch between values", pos);
    }

    private static GVariantType DefaultType(Pat p, int pos)
    {
        switch (p.Kind)
        {
            case PatKind.Any:
                throw Error("unable to infer type", pos);
            case PatKind.Number:
                return GVariantType.Int32;
            case PatKind.Float:
                return GVariantType.Double;
            case PatKind.String:
                return GVariantType.String;
            case PatKind.Concrete:
                return p.Type!;
            case PatKind.Array:
                return GVariantType.ArrayOf(DefaultType(p.Items![0], pos));
            case PatKind.Maybe:
                return GVariantType.MaybeOf(DefaultType(p.Items![0], pos));
            case PatKind.Tuple:
                return GVariantType.TupleOf([.. p.Items!.Select(i => DefaultType(i, pos))]);
            default:
                {
                    GVariantType key = DefaultType(p.Items![0], pos);
                    if (!key.IsBasic || key.Kind == GVariantTypeKind.Variant)
                    {
                        throw Error($"dictionary keys must have a basic type, not '{key}'", pos);
                    }

                    return GVariantType.DictEntryOf(key, DefaultType(p.Items[1], pos));
                }
        }
    }

    // ---------------------------------------------------------------- conversion

    private static GVariantValue Build(Node node, GVariantType type)
    {
        if (node.Kind == NodeKind.Typed)
        {
            if (node.Type == type)
            {
                return Build(node.Children![0], type);
            }

            if (type.Kind == GVariantTypeKind.Maybe)
            {
                return GVariantValue.CreateJust(Build(node, type.Element!));
            }

            throw Error($"value of type '{node.Type}' where '{type}' is expected", node.Pos);
        }

        if (type.Kind == GVariantTypeKind.Maybe)
        {
            return node.Kind switch
            {
                NodeKind.Nothing => GVariantValue.CreateNothing(type.Element!),
                NodeKind.Just => GVariantValue.CreateJust(Build(node.Children![0], type.Element!)),
                _ => GVariantValue.CreateJust(Build(node, type.Element!)),
            };
        }

        switch (type.Kind)
        {
            case GVariantTypeKind.Boolean when node.Kind == NodeKind.Bool:
                return GVariantValue.FromBoolean(node.Text == "true");
            case GVariantTypeKind.String or GVariantTypeKind.ObjectPath or GVariantTypeKind.Signature when node.Kind == NodeKind.String:
                return BuildString(node, type);
            case GVariantTypeKind.Variant when node.Kind == NodeKind.Variant:
                {
                    Node child = node.Children![0];
                    return GVariantValue.FromVariant(Build(child, DefaultType(PatternOf(child), child.Pos)));
                }

            case GVariantTypeKind.Array when node.Kind == NodeKind.Bytes && type.Element!.Kind == GVariantTypeKind.Byte:
                return GVariantValue.FromBytes(node.Bytes);
            case GVariantTypeKind.Array when node.Kind == NodeKind.Array
                || (node.Kind == NodeKind.Dict && type.Element!.Kind == GVariantTypeKind.DictEntry):
                return GVariantValue.CreateArray(type.Element!, node.Children!.Select(c => Build(c, type.Element!)));
            case GVariantTypeKind.Tuple when node.Kind == NodeKind.Tuple && node.Children!.Count == type.Members.Count:
                return GVariantValue.CreateTuple([.. node.Children.Select((c, i) => Build(c, type.Members[i]))]);
            case GVariantTypeKind.DictEntry when node.Kind == NodeKind.DictEntry:
                return GVariantValue.CreateDictEntry(Build(node.Children![0], type.Members[0]), Build(node.Children[1], type.Members[1]));
        }

        if (node.Kind == NodeKind.Number && IsNumeric(type))
        {
            return BuildNumber(node, type);
        }

        throw Error($"can not parse as value of type '{type}'", node.Pos);
    }

    private static GVariantValue BuildString(Node node, GVariantType type)
    {
        string s = node.Text!;
        if (s.Contains('\0', StringComparison.Ordinal))
        {
            throw Error("strings cannot contain NUL characters", node.Pos);
        }

        try
        {
            return type.Kind switch
            {
                GVariantTypeKind.ObjectPath => GVariantValue.FromObjectPath(s),
                GVariantTypeKind.Signature => GVariantValue.FromSignature(s),
                _ => GVariantValue.FromString(s),
            };
        }
        catch (ArgumentException e)
        {
            throw new GVariantTextFormatException($"Invalid GVariant text at position {node.Pos}: {e.Message}", e);
        }
    }

    private static bool IsFloatLiteral(string text)
    {
        ReadOnlySpan<char> body = text.AsSpan().TrimStart("+-");
        if (body.SequenceEqual("inf") || body.SequenceEqual("nan"))
        {
            return true;
        }

        if (body.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return body.ContainsAny(".eE");
    }

    private static GVariantValue BuildNumber(Node node, GVariantType type)
    {
        string text = node.Text!;
        bool negative = text.StartsWith('-');
        ReadOnlySpan<char> body = text.AsSpan(text.Length > 0 && text[0] is '-' or '+' ? 1 : 0);
        if (IsFloatLiteral(text))
        {
            if (type.Kind != GVariantTypeKind.Double)
            {
                throw Error($"can not parse as value of type '{type}'", node.Pos);
            }

            double d;
            if (body.SequenceEqual("inf"))
            {
                d = double.PositiveInfinity;
            }
            else if (body.SequenceEqual("nan"))
            {
                d = BitConverter.Int64BitsToDouble(0x7FF8000000000000);
            }
            else if (body.IsEmpty || body.ContainsAnyExcept("0123456789.eE+-")
                || !double.TryParse(body, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out d))
            {
                throw Error("invalid character in number", node.Pos);
            }
            else if (double.IsInfinity(d) || (d != 0 && double.IsSubnormal(d)))
            {
                throw Error("number too big for any type", node.Pos);
            }

            return GVariantValue.FromDouble(negative ? BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(d) | long.MinValue) : d);
        }

        ulong magnitude = ParseMagnitude(body, node.Pos);
        if (type.Kind == GVariantTypeKind.Double)
        {
            double d = magnitude;
            return GVariantValue.FromDouble(negative ? -d : d);
        }

        (ulong maxPositive, ulong maxNegative) = type.Kind switch
        {
            GVariantTypeKind.Byte => (byte.MaxValue, 0UL),
            GVariantTypeKind.Int16 => ((ulong)short.MaxValue, 1UL << 15),
            GVariantTypeKind.UInt16 => (ushort.MaxValue, 0UL),
            GVariantTypeKind.Int32 or GVariantTypeKind.Handle => ((ulong)int.MaxValue, 1UL << 31),
            GVariantTypeKind.UInt32 => (uint.MaxValue, 0UL),
            GVariantTypeKind.Int64 => ((ulong)long.MaxValue, 1UL << 63),
            _ => (ulong.MaxValue, 0UL),
        };
        if (negative ? magnitude > maxNegative : magnitude > maxPositive)
        {
            throw Error($"number out of range for type '{type}'", node.Pos);
        }

        ulong bits = negative ? unchecked(0UL - magnitude) : magnitude;
        return type.Kind switch
        {
            GVariantTypeKind.Byte => GVariantValue.FromByte((byte)bits),
            GVariantTypeKind.Int16 => GVariantValue.FromInt16((short)bits),
            GVariantTypeKind.UInt16 => GVariantValue.FromUInt16((ushort)bits),
            GVariantTypeKind.Int32 => GVariantValue.FromInt32((int)bits),
            GVariantTypeKind.Handle => GVariantValue.FromHandle((int)bits),
            GVariantTypeKind.UInt32 => GVariantValue.FromUInt32((uint)bits),
            GVariantTypeKind.Int64 => GVariantValue.FromInt64((long)bits),
            _ => GVariantValue.FromUInt64(bits),
        };
    }

    private static ulong ParseMagnitude(ReadOnlySpan<char> body, int pos)
    {
        int radix = 10;
        if (body.Length > 2 && body[0] == '0' && body[1] is 'x' or 'X')
        {
            radix = 16;
            body = body[2..];
        }
        else if (body.Length > 1 && body[0] == '0')
        {
            radix = 8;
            body = body[1..];
        }

        if (body.IsEmpty)
        {
            throw Error("invalid number", pos);
        }

        ulong v = 0;
        foreach (char c in body)
        {
            int digit = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' => c - 'a' + 10,
                >= 'A' and <= 'F' => c - 'A' + 10,
                _ => 99,
            };
            if (digit >= radix)
            {
                throw Error("invalid character in number", pos);
            }

            ulong next = unchecked((v * (ulong)radix) + (ulong)digit);
            if (v > (ulong.MaxValue - (ulong)digit) / (ulong)radix)
            {
                throw Error("number too big for any type", pos);
            }

            v = next;
        }

        return v;
    }

    private sealed class Node(NodeKind kind, int pos)
    {
        public NodeKind Kind { get; } = kind;

        public int Pos { get; } = pos;

        public string? Text { get; init; }

        public byte[] Bytes { get; init; } = [];

        public GVariantType? Type { get; init; }

        public List<Node>? Children { get; init; }
    }

    private sealed class Pat(PatKind kind)
    {
        public static readonly Pat AnyPat = new(PatKind.Any);
        public static readonly Pat NumberPat = new(PatKind.Number);
        public static readonly Pat FloatPat = new(PatKind.Float);
        public static readonly Pat StringPat = new(PatKind.String);

        public PatKind Kind { get; } = kind;

        public GVariantType? Type { get; init; }

        public Pat[]? Items { get; init; }
    }
}
