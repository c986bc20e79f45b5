using System.Text;
using System.Text.RegularExpressions;

namespace OstreeSharp.Archive;

/// <summary>
/// Words .NET regular expression parse errors as GLib's GRegex (PCRE-based, what ostree 2022.7 compiles
/// <c>--tar-pathname-filter</c> with) words them: <c>at char N: MESSAGE</c>, N counting characters (code points) from
/// 0 where PCRE stops. Each mapping below was checked black-box against ostree 2022.7; errors without a verified
/// counterpart keep .NET's error kind, in words, at .NET's offset.
/// </summary>
internal static class GRegexErrors
{
    /// <summary>The <c>at char N: MESSAGE</c> part for a pattern that .NET refused.</summary>
    public static string Describe(string pattern, RegexParseException error)
    {
        int offset = Math.Clamp(error.Offset, 0, pattern.Length);
        var (message, at) = Map(pattern, error.Error, offset);
        at = Math.Clamp(at, 0, pattern.Length);
        int chars = 0;
        for (int i = 0; i < at; i++)
        {
            if (!(char.IsLowSurrogate(pattern[i]) && i > 0 && char.IsHighSurrogate(pattern[i - 1])))
                chars++;
        }
        return $"at char {chars}: {message}";
    }

    private static (string Message, int Offset) Map(string p, RegexParseError error, int offset)
    {
        switch (error)
        {
            case RegexParseError.UnterminatedBracket:
                return ("missing terminating ] for character class", offset);
            case RegexParseError.InsufficientClosingParentheses:
                return ("missing terminating )", offset);
            case RegexParseError.InsufficientOpeningParentheses:
                return ("missing terminating )", offset - 1);
            case RegexParseError.QuantifierAfterNothing:
            case RegexParseError.NestedQuantifiersNotParenthesized:
                // PCRE points at the last character of the offending quantifier ('}' for {n}).
                int q = offset - 1;
                if (q >= 0 && q < p.Length && p[q] == '{' && p.IndexOf('}', q) is >= 0 and var close)
                    q = close;
                return ("nothing to repeat", q);
            case RegexParseError.UnescapedEndingBackslash:
                return ("\\ at end of pattern", offset);
            case RegexParseError.MissingControlCharacter:
                return ("\\c at end of pattern", offset);
            case RegexParseError.UnterminatedComment:
                return ("missing ) after comment", offset);
            case RegexParseError.ReversedCharacterRange:
                return ("range out of order in character class", offset - 1);
            case RegexParseError.ShorthandClassInCharacterRange:
                return ("invalid range in character class", offset);
            case RegexParseError.UnrecognizedUnicodeProperty:
                return ("unknown property name after \\P or \\p", offset);
            case RegexParseError.InvalidUnicodePropertyEscape:
                {
                    int b = LastBackslashBefore(p, offset);
                    return ("malformed \\P or \\p sequence", b >= 0 && b + 2 < p.Length && p[b + 2] == '{' ? p.Length : b + 2);
                }
            case RegexParseError.UnrecognizedEscape:
                {
                    int b = LastBackslashBefore(p, offset);
                    return b + 1 < p.Length && p[b + 1] == 'o'
                        ? ("missing opening brace after \\o", b + 1)
                        : ("unrecognized character following \\", b + 1);
                }
            case RegexParseError.UndefinedNumberedReference:
            case RegexParseError.UndefinedNamedReference:
                {
                    // (?<a-b>…) is a .NET balancing group; PCRE stops at the '-' of the name.
                    int g = GroupNameStart(p, offset);
                    int nameEnd = g;
                    while (g >= 0 && nameEnd < p.Length && (char.IsAsciiLetterOrDigit(p[nameEnd]) || p[nameEnd] == '_'))
                        nameEnd++;
                    if (g >= 0 && nameEnd < p.Length && p[nameEnd] == '-')
                        return ("missing terminator in subpattern name", nameEnd);
                    // PCRE points at the group number or name.
                    int b = LastBackslashBefore(p, offset);
                    int at = b + 1 < p.Length && p[b + 1] == 'k' && b + 2 < p.Length && p[b + 2] is '<' or '\'' or '{' ? b + 3 : b + 1;
                    return ("reference to non-existent subpattern", at);
                }
            case RegexParseError.MalformedNamedReference:
                {
                    int k = p.LastIndexOf("\\k", Math.Clamp(offset, 0, Math.Max(0, p.Length - 1)), StringComparison.Ordinal);
                    if (k >= 0 && (k + 2 >= p.Length || p[k + 2] is not ('<' or '\'' or '{')))
                        return ("\\k is not followed by a braced, angle-bracketed, or quoted name", k + 2);
                    if (k >= 0)
                        return ("missing subpattern name after (?&", k + 3);
                    break;
                }
            case RegexParseError.CaptureGroupNameInvalid:
                {
                    int g = GroupNameStart(p, offset);
                    if (g >= 0 && g < p.Length && char.IsAsciiDigit(p[g]))
                        return ("subpattern name must start with a non-digit", g);
                    if (g >= 0 && (g >= p.Length || p[g] is '>' or '\''))
                        return ("missing subpattern name after (?&", g);
                    break;
                }
            case RegexParseError.InvalidGroupingConstruct:
                {
                    int open = p.LastIndexOf("(?", Math.Clamp(offset - 1, 0, Math.Max(0, p.Length - 1)), StringComparison.Ordinal);
                    if (open < 0)
                        break;
                    int g = GroupNameStart(p, open + 3);
                    if (g >= 0)
                    {
                        // A named group whose name runs into something other than its terminator.
                        int end = g;
                        while (end < p.Length && (char.IsAsciiLetterOrDigit(p[end]) || p[end] == '_'))
                            end++;
                        if (end < p.Length && p[end] is '>' or '\'')
                            break; // a well-formed name: .NET refused the construct itself (such as (?P<n>))
                        return ("missing terminator in subpattern name", end);
                    }
                    int flags = open + 2;
                    while (flags < p.Length && p[flags] is 'i' or 'm' or 's' or 'x' or 'n' or 'U' or 'J' or '-')
                        flags++;
                    if (flags >= p.Length)
                        return ("missing terminating )", p.Length);
                    return ("unrecognized character after (? or (?-", flags);
                }
        }
        return (Words(error.ToString()), offset);
    }

    /// <summary>Index of the backslash of the escape that ends at or before <paramref name="offset"/>.</summary>
    private static int LastBackslashBefore(string p, int offset)
    {
        int start = Math.Min(offset - 1, p.Length - 1);
        return start < 0 ? -1 : p.LastIndexOf('\\', start);
    }

    /// <summary>Start of the name in the <c>(?&lt;</c>, <c>(?'</c> or <c>(?P&lt;</c> group opened last before
    /// <paramref name="offset"/>; -1 if there is none.</summary>
    private static int GroupNameStart(string p, int offset)
    {
        int open = p.LastIndexOf("(?", Math.Clamp(offset - 1, 0, Math.Max(0, p.Length - 1)), StringComparison.Ordinal);
        if (open < 0)
            return -1;
        int i = open + 2;
        if (i < p.Length && p[i] == 'P' && i + 1 < p.Length && p[i + 1] == '<')
            return i + 2;
        if (i < p.Length && (p[i] == '\'' || (p[i] == '<' && (i + 1 >= p.Length || p[i + 1] is not ('=' or '!')))))
            return i + 1;
        return -1;
    }

    /// <summary><c>NestedQuantifiersNotParenthesized</c> → <c>nested quantifiers not parenthesized</c>.</summary>
    private static string Words(string pascal)
    {
        var sb = new StringBuilder();
        foreach (char c in pascal)
        {
            if (char.IsUpper(c) && sb.Length > 0)
                sb.Append(' ');
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }
}
