using System.Text;
using System.Text.RegularExpressions;

namespace OstreeSharp.Archive;

/// <summary>
/// Rewrites tar path names with a regular expression (<c>--tar-pathname-filter=REGEX,REPLACEMENT</c>): every match
/// in the path (without its leading <c>./</c> or <c>/</c>; the root is the empty string) is replaced. The replacement
/// uses GLib's syntax: <c>\0</c>–<c>\9</c> and <c>\g&lt;N&gt;</c> / <c>\g&lt;NAME&gt;</c> insert groups, <c>\\</c> is a
/// backslash, <c>\n</c>, <c>\t</c>, <c>\r</c>, <c>\f</c>, <c>\v</c>, <c>\b</c>, <c>\a</c> are control characters,
/// <c>\xHH</c> and <c>\x{H…}</c> code points, and GLib's case conversions apply to what follows, literal text and
/// groups alike: <c>\U</c> / <c>\L</c> upper- / lower-case until <c>\E</c>, <c>\u</c> / <c>\l</c> the next character
/// only (each replaces the one before, as in GLib: <c>\U\u</c> upper-cases one character). Errors are worded as GLib
/// words them; a code point that is not a Unicode scalar value is refused (GLib would emit invalid UTF-8). Hard link
/// targets are rewritten the same way.
/// </summary>
public sealed class TarPathnameFilter
{
    private readonly Regex _regex;
    private readonly List<Part> _replacement;

    /// <summary>GLib's case-conversion state of a replacement (one at a time; a single-character one ends by itself).</summary>
    private enum CaseChange
    {
        None,
        Upper,
        Lower,
        UpperNext,
        LowerNext,
    }

    /// <summary>One piece of a parsed replacement: literal text, a group reference, or a case-conversion switch.</summary>
    private readonly record struct Part(string? Literal, string? Group, CaseChange? Change);

    /// <summary>Creates a filter from a compiled expression and a GLib-syntax replacement.</summary>
    /// <exception cref="FormatException">The replacement has a bad escape.</exception>
    public TarPathnameFilter(Regex regex, string replacement)
    {
        ArgumentNullException.ThrowIfNull(regex);
        ArgumentNullException.ThrowIfNull(replacement);
        _regex = regex;
        _replacement = ParseReplacement(replacement);
    }

    /// <summary>Parses <c>REGEX,REPLACEMENT</c> (split at the first comma), as the ostree CLI does.</summary>
    /// <exception cref="FormatException">No comma, or the expression does not compile.</exception>
    public static TarPathnameFilter Parse(string specification)
    {
        ArgumentNullException.ThrowIfNull(specification);
        int comma = specification.IndexOf(',', StringComparison.Ordinal);
        if (comma < 0)
            throw new FormatException("Missing ',' in --tar-pathname-filter");
        string pattern = specification[..comma];
        Regex regex;
        try
        {
            regex = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(5));
        }
        catch (RegexParseException e)
        {
            // Worded as GLib's GRegex words it (ostree 2022.7 compiles the filter with GRegex).
            throw new FormatException($"--tar-pathname-filter: Error while compiling regular expression ‘{pattern}’ {GRegexErrors.Describe(pattern, e)}", e);
        }
        return new TarPathnameFilter(regex, specification[(comma + 1)..]);
    }

    /// <summary>Applies the filter to a normalised relative path.</summary>
    public string Apply(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return _regex.Replace(path, Evaluate);
    }

    private string Evaluate(Match m)
    {
        var sb = new StringBuilder();
        var state = CaseChange.None;
        foreach (var part in _replacement)
        {
            if (part.Change is { } change)
                state = change;
            else if (part.Literal is not null)
                state = AppendConverted(sb, part.Literal, state);
            else if (m.Groups[part.Group!] is { Success: true } g)
                state = AppendConverted(sb, g.Value, state);
        }
        return sb.ToString();
    }

    /// <summary>Appends <paramref name="text"/> with the case conversion in force; returns the state after it.</summary>
    private static CaseChange AppendConverted(StringBuilder sb, string text, CaseChange state)
    {
        if (state == CaseChange.None)
        {
            sb.Append(text);
            return state;
        }
        foreach (Rune rune in text.EnumerateRunes())
        {
            Rune converted = state switch
            {
                CaseChange.Upper or CaseChange.UpperNext => Rune.ToUpperInvariant(rune),
                CaseChange.Lower or CaseChange.LowerNext => Rune.ToLowerInvariant(rune),
                _ => rune,
            };
            sb.Append(converted.ToString());
            if (state is CaseChange.UpperNext or CaseChange.LowerNext)
                state = CaseChange.None;
        }
        return state;
    }

    private static List<Part> ParseReplacement(string r)
    {
        var parts = new List<Part>();
        var lit = new StringBuilder();
        void Flush()
        {
            if (lit.Length > 0)
            {
                parts.Add(new Part(lit.ToString(), null, null));
                lit.Clear();
            }
        }
        // GLib's wording; "at char N" counts characters from 0.
        FormatException Error(int at, string message) =>
            new($"Error while parsing replacement text “{r}” at char {at}: {message}");
        for (int i = 0; i < r.Length; i++)
        {
            char c = r[i];
            if (c != '\\')
            {
                lit.Append(c);
                continue;
            }
            if (i + 1 >= r.Length)
                throw Error(r.Length, "stray final “\\”");
            char n = r[++i];
            switch (n)
            {
                case >= '0' and <= '9':
                    Flush();
                    parts.Add(new Part(null, n.ToString(), null));
                    break;
                case 'g':
                    if (i + 1 >= r.Length || r[i + 1] != '<')
                        throw Error(i + 1, "missing “<” in symbolic reference");
                    int nameStart = i + 2, end = nameStart;
                    while (end < r.Length && r[end] != '>')
                    {
                        if (!char.IsAsciiLetterOrDigit(r[end]) && r[end] != '_')
                            throw Error(end, "illegal symbolic reference");
                        end++;
                    }
                    if (end >= r.Length)
                        throw Error(r.Length, "unfinished symbolic reference");
                    if (end == nameStart)
                        throw Error(end, "zero-length symbolic reference");
                    Flush();
                    parts.Add(new Part(null, r[nameStart..end], null));
                    i = end;
                    break;
                case 'x':
                    // GLib: exactly two hex digits, or any number in braces ("hexadecimal digit or “}” expected").
                    int value = 0, digits = 0, j = i + 1;
                    bool braced = j < r.Length && r[j] == '{';
                    if (braced)
                    {
                        j++;
                        while (j < r.Length && char.IsAsciiHexDigit(r[j]))
                        {
                            value = value > 0x10FFFF ? value : (value * 16) + Convert.ToInt32(r[j].ToString(), 16);
                            digits++;
                            j++;
                        }
                        if (digits == 0 || j >= r.Length || r[j] != '}')
                            throw Error(j, "hexadecimal digit or “}” expected");
                        j++;
                    }
                    else
                    {
                        for (; digits < 2; digits++, j++)
                        {
                            if (j >= r.Length || !char.IsAsciiHexDigit(r[j]))
                                throw Error(j, "hexadecimal digit expected");
                            value = (value * 16) + Convert.ToInt32(r[j].ToString(), 16);
                        }
                    }
                    if (!Rune.IsValid(value))
                        throw Error(i - 1, $"character value \\x{{{value:X}}} is not a Unicode scalar value");
                    if (value != 0)
                        lit.Append(char.ConvertFromUtf32(value)); // GLib drops \x{0}
                    i = j - 1;
                    break;
                case 'U' or 'L' or 'u' or 'l' or 'E':
                    Flush();
                    parts.Add(new Part(null, null, n switch
                    {
                        'U' => CaseChange.Upper,
                        'L' => CaseChange.Lower,
                        'u' => CaseChange.UpperNext,
                        'l' => CaseChange.LowerNext,
                        _ => CaseChange.None,
                    }));
                    break;
                case '\\':
                    lit.Append('\\');
                    break;
                case 'n':
                    lit.Append('\n');
                    break;
                case 't':
                    lit.Append('\t');
                    break;
                case 'r':
                    lit.Append('\r');
                    break;
                case 'f':
                    lit.Append('\f');
                    break;
                case 'v':
                    lit.Append('\v');
                    break;
                case 'b':
                    lit.Append('\b');
                    break;
                case 'a':
                    lit.Append('\a');
                    break;
                default:
                    throw Error(i, "unknown escape sequence");
            }
        }
        Flush();
        return parts;
    }
}
