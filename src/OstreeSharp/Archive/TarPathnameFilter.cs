using System.Text;
using System.Text.RegularExpressions;

namespace OstreeSharp.Archive;

/// <summary>
/// Rewrites tar path names with a regular expression (<c>--tar-pathname-filter=REGEX,REPLACEMENT</c>): every match
/// in the path (without its leading <c>./</c> or <c>/</c>; the root is the empty string) is replaced. The replacement
/// uses GLib's syntax: <c>\0</c>–<c>\9</c> and <c>\g&lt;N&gt;</c> / <c>\g&lt;NAME&gt;</c> insert groups, <c>\\</c> is a
/// backslash, <c>\n</c> and <c>\t</c> are control characters. Hard link targets are rewritten the same way.
/// </summary>
public sealed class TarPathnameFilter
{
    private readonly Regex _regex;
    private readonly List<(string? Literal, string? Group)> _replacement;

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
        catch (ArgumentException e)
        {
            throw new FormatException($"--tar-pathname-filter: Error while compiling regular expression ‘{pattern}’: {e.Message}", e);
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
        foreach (var (literal, group) in _replacement)
        {
            if (literal is not null)
                sb.Append(literal);
            else if (m.Groups[group!] is { Success: true } g)
                sb.Append(g.Value);
        }
        return sb.ToString();
    }

    private static List<(string?, string?)> ParseReplacement(string r)
    {
        var parts = new List<(string?, string?)>();
        var lit = new StringBuilder();
        void Flush()
        {
            if (lit.Length > 0)
            {
                parts.Add((lit.ToString(), null));
                lit.Clear();
            }
        }
        for (int i = 0; i < r.Length; i++)
        {
            char c = r[i];
            if (c != '\\' || i + 1 >= r.Length)
            {
                lit.Append(c);
                continue;
            }
            char n = r[++i];
            switch (n)
            {
                case >= '0' and <= '9':
                    Flush();
                    parts.Add((null, n.ToString()));
                    break;
                case 'g' when i + 1 < r.Length && r[i + 1] == '<':
                    int close = r.IndexOf('>', i + 2);
                    if (close < 0)
                        throw new FormatException($"Missing '>' in symbolic reference in replacement '{r}'");
                    Flush();
                    parts.Add((null, r[(i + 2)..close]));
                    i = close;
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
                case 'a':
                    lit.Append('\a');
                    break;
                case 'e':
                    lit.Append('\x1B');
                    break;
                default:
                    throw new FormatException($"Unsupported escape '\\{n}' in replacement '{r}'");
            }
        }
        Flush();
        return parts;
    }
}
