using System.Globalization;
using System.Text;

namespace OstreeSharp.GVariant;

/// <summary>GVariant text format output, matching <c>g_variant_print</c> (observed behaviour of GLib 2.74).</summary>
internal static class GVariantTextPrinter
{
    public static void Print(GVariantValue value, bool annotate, StringBuilder sb)
    {
        switch (value.Kind)
        {
            case GVariantTypeKind.Boolean:
                sb.Append(value.GetBoolean() ? "true" : "false");
                break;
            case GVariantTypeKind.Byte:
                if (annotate)
                {
                    sb.Append("byte ");
                }

                sb.Append("0x").Append(value.GetByte().ToString("x2", CultureInfo.InvariantCulture));
                break;
            case GVariantTypeKind.Int16:
                Number(sb, annotate ? "int16 " : null, value.GetInt16());
                break;
            case GVariantTypeKind.UInt16:
                Number(sb, annotate ? "uint16 " : null, value.GetUInt16());
                break;
            case GVariantTypeKind.Int32:
                Number(sb, null, value.GetInt32());
                break;
            case GVariantTypeKind.UInt32:
                Number(sb, annotate ? "uint32 " : null, value.GetUInt32());
                break;
            case GVariantTypeKind.Int64:
                Number(sb, annotate ? "int64 " : null, value.GetInt64());
                break;
            case GVariantTypeKind.UInt64:
                Number(sb, annotate ? "uint64 " : null, value.GetUInt64());
                break;
            case GVariantTypeKind.Handle:
                Number(sb, annotate ? "handle " : null, value.GetHandle());
                break;
            case GVariantTypeKind.Double:
                sb.Append(FormatDouble(value.GetDouble()));
                break;
            case GVariantTypeKind.String:
                QuoteString(sb, value.GetString());
                break;
            case GVariantTypeKind.ObjectPath:
                if (annotate)
                {
                    sb.Append("objectpath ");
                }

                QuoteString(sb, value.GetString());
                break;
            case GVariantTypeKind.Signature:
                if (annotate)
                {
                    sb.Append("signature ");
                }

                QuoteString(sb, value.GetString());
                break;
            case GVariantTypeKind.Variant:
                sb.Append('<');
                Print(value.GetVariant(), true, sb);
                sb.Append('>');
                break;
            case GVariantTypeKind.Maybe:
                PrintMaybe(value, annotate, sb);
                break;
            case GVariantTypeKind.Array:
                PrintArray(value, annotate, sb);
                break;
            case GVariantTypeKind.Tuple:
                {
                    sb.Append('(');
                    IReadOnlyList<GVariantValue> members = value.Children;
                    for (int i = 0; i < members.Count; i++)
                    {
                        if (i > 0)
                        {
                            sb.Append(", ");
                        }

                        Print(members[i], annotate, sb);
                    }

                    if (members.Count == 1)
                    {
                        sb.Append(',');
                    }

                    sb.Append(')');
                    break;
                }

            default:
                sb.Append('{');
                Print(value.Children[0], annotate, sb);
                sb.Append(", ");
                Print(value.Children[1], annotate, sb);
                sb.Append('}');
                break;
        }
    }

    internal static string FormatDouble(double d)
    {
        if (double.IsNaN(d))
        {
            return BitConverter.DoubleToInt64Bits(d) < 0 ? "-nan" : "nan";
        }

        if (double.IsInfinity(d))
        {
            return d > 0 ? "inf" : "-inf";
        }

        string s = d.ToString("G17", CultureInfo.InvariantCulture);
        int e = s.IndexOf('E', StringComparison.Ordinal);
        if (e >= 0)
        {
            string mantissa = s[..e];
            char sign = s[e + 1];
            string digits = s[(e + 2)..].TrimStart('0');
            if (digits.Length < 2)
            {
                digits = digits.PadLeft(2, '0');
            }

            return mantissa + "e" + sign + digits;
        }

        foreach (char c in s)
        {
            if (c is not ((>= '0' and <= '9') or '-'))
            {
                return s;
            }
        }

        return s + ".0";
    }

    private static void Number<T>(StringBuilder sb, string? prefix, T n)
        where T : IFormattable
    {
        sb.Append(prefix).Append(n.ToString(null, CultureInfo.InvariantCulture));
    }

    private static void PrintMaybe(GVariantValue value, bool annotate, StringBuilder sb)
    {
        if (annotate)
        {
            sb.Append('@').Append(value.Type.ToString()).Append(' ');
        }

        if (!value.TryGetMaybe(out GVariantValue? child))
        {
            sb.Append("nothing");
            return;
        }

        if (EndsInNothing(child))
        {
            sb.Append("just ");
        }

        Print(child, false, sb);
    }

    private static bool EndsInNothing(GVariantValue v)
    {
        while (v.Kind == GVariantTypeKind.Maybe)
        {
            if (!v.TryGetMaybe(out GVariantValue? inner))
            {
                return true;
            }

            v = inner;
        }

        return false;
    }

    private static void PrintArray(GVariantValue value, bool annotate, StringBuilder sb)
    {
        IReadOnlyList<GVariantValue> items;
        if (value.Type.Element!.Kind == GVariantTypeKind.Byte)
        {
            ReadOnlySpan<byte> bytes = value.GetBytes().Span;
            if (bytes.Length > 0 && bytes.IndexOf((byte)0) == bytes.Length - 1)
            {
                QuoteBytes(sb, bytes[..^1]);
                return;
            }
        }

        items = value.Children;
        bool dict = value.Type.IsDictionary;
        if (items.Count == 0)
        {
            if (annotate)
            {
                sb.Append('@').Append(value.Type.ToString()).Append(' ');
            }

            sb.Append(dict ? "{}" : "[]");
            return;
        }

        sb.Append(dict ? '{' : '[');
        for (int i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            bool a = annotate && i == 0;
            if (dict)
            {
                Print(items[i].Children[0], a, sb);
                sb.Append(": ");
                Print(items[i].Children[1], a, sb);
            }
            else
            {
                Print(items[i], a, sb);
            }
        }

        sb.Append(dict ? '}' : ']');
    }

    private static void QuoteString(StringBuilder sb, string s)
    {
        char quote = s.Contains('\'', StringComparison.Ordinal) ? '"' : '\'';
        sb.Append(quote);
        foreach (Rune r in s.EnumerateRunes())
        {
            int c = r.Value;
            switch (c)
            {
                case '\a': sb.Append("\\a"); continue;
                case '\b': sb.Append("\\b"); continue;
                case '\f': sb.Append("\\f"); continue;
                case '\n': sb.Append("\\n"); continue;
                case '\r': sb.Append("\\r"); continue;
                case '\t': sb.Append("\\t"); continue;
                case '\v': sb.Append("\\v"); continue;
                case '\\': sb.Append("\\\\"); continue;
            }

            if (c == quote)
            {
                sb.Append('\\').Append(quote);
            }
            else if (IsPrintable(r))
            {
                sb.Append(r.ToString());
            }
            else if (c < 0x10000)
            {
                sb.Append("\\u").Append(c.ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append("\\U").Append(c.ToString("x8", CultureInfo.InvariantCulture));
            }
        }

        sb.Append(quote);
    }

    private static bool IsPrintable(Rune r) => Rune.GetUnicodeCategory(r) is not (UnicodeCategory.Control
        or UnicodeCategory.Format or UnicodeCategory.OtherNotAssigned or UnicodeCategory.Surrogate);

    private static void QuoteBytes(StringBuilder sb, ReadOnlySpan<byte> bytes)
    {
        char quote = bytes.Contains((byte)'\'') ? '"' : '\'';
        sb.Append('b').Append(quote);
        foreach (byte b in bytes)
        {
            switch (b)
            {
                case (byte)'\b': sb.Append("\\b"); continue;
                case (byte)'\f': sb.Append("\\f"); continue;
                case (byte)'\n': sb.Append("\\n"); continue;
                case (byte)'\r': sb.Append("\\r"); continue;
                case (byte)'\t': sb.Append("\\t"); continue;
                case (byte)'\v': sb.Append("\\v"); continue;
                case (byte)'\\': sb.Append("\\\\"); continue;
                case (byte)'"': sb.Append("\\\""); continue;
            }

            if (b == quote)
            {
                sb.Append('\\').Append(quote);
            }
            else if (b is >= 0x20 and < 0x7f)
            {
                sb.Append((char)b);
            }
            else
            {
                sb.Append('\\').Append(Convert.ToString(b, 8).PadLeft(3, '0'));
            }
        }

        sb.Append(quote);
    }
}
