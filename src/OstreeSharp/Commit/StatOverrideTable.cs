using System.Globalization;

namespace OstreeSharp.Commit;

/// <summary>
/// The <c>ostree commit --statoverride=FILE</c> table: one <c>MODE PATH</c> line per entry, split at the first space.
/// <c>+MODE</c> adds bits, <c>=MODE</c> replaces the permission bits (the file type is kept), and a MODE with
/// neither prefix adds bits too. MODE is read as a C floating-point literal, exactly as ostree 2022.7 reads it — so
/// <c>=420</c> means 0644 and <c>=0x1ed</c> means 0755. Empty lines are ignored. Every path must be matched by the
/// commit (<see cref="UnmatchedPaths"/>).
/// </summary>
public sealed class StatOverrideTable
{
    private readonly Dictionary<string, (bool Replace, uint Bits)> _entries = new(StringComparer.Ordinal);
    private readonly HashSet<string> _matched = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    private StatOverrideTable() { }

    /// <summary>Parses the file's text.</summary>
    /// <exception cref="FormatException">A line has no space.</exception>
    public static StatOverrideTable Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var table = new StatOverrideTable();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0)
                continue;
            int sp = line.IndexOf(' ', StringComparison.Ordinal);
            if (sp < 0)
                throw new FormatException("Malformed statoverride file (no space found)");
            string modeText = line[..sp];
            bool replace = modeText.StartsWith('=');
            if (replace || modeText.StartsWith('+'))
                modeText = modeText[1..];
            table._entries[line[(sp + 1)..]] = (replace, (uint)(long)ParseCDouble(modeText));
        }
        return table;
    }

    /// <summary>Number of paths in the table.</summary>
    public int Count => _entries.Count;

    /// <summary>
    /// Returns <paramref name="mode"/> as overridden for <paramref name="path"/> and marks the path matched. As ostree
    /// 2022.7 does (black-box): an <c>=MODE</c> entry replaces the permission bits of every entry with that path, in
    /// every <c>--tree</c> layer; a <c>+MODE</c> (or bare <c>MODE</c>) entry adds its bits only to the first entry with
    /// that path (later layers keep their mode), and never to a directory other than the root.
    /// </summary>
    public uint Apply(string path, uint mode)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!_entries.TryGetValue(path, out var e))
            return mode;
        bool first;
        lock (_gate)
            first = _matched.Add(path);
        if (e.Replace)
            return (mode & 0xF000) | e.Bits;
        return first && ((mode & 0xF000) != 0x4000 || path == "/") ? mode | e.Bits : mode;
    }

    /// <summary>Paths of the table that no imported entry matched so far, in ordinal order.</summary>
    public IReadOnlyList<string> UnmatchedPaths
    {
        get
        {
            lock (_gate)
                return [.. _entries.Keys.Where(k => !_matched.Contains(k)).Order(StringComparer.Ordinal)];
        }
    }

    /// <summary>strtod: leading spaces, sign, decimal or 0x-hex mantissa with optional exponent; the longest valid prefix, else 0.</summary>
    private static double ParseCDouble(string s)
    {
        int i = 0;
        while (i < s.Length && char.IsWhiteSpace(s[i]))
            i++;
        double sign = 1;
        if (i < s.Length && (s[i] == '+' || s[i] == '-'))
        {
            sign = s[i] == '-' ? -1 : 1;
            i++;
        }
        if (i + 1 < s.Length && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X') && i + 2 < s.Length && Uri.IsHexDigit(s[i + 2]))
        {
            i += 2;
            double v = 0;
            while (i < s.Length && Uri.IsHexDigit(s[i]))
                v = (v * 16) + Convert.ToInt32(s[i++].ToString(), 16);
            return sign * v;
        }
        int start = i;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
            i++;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
                i++;
        }
        if (i == start || (i == start + 1 && s[start] == '.'))
            return 0;
        int mantissaEnd = i;
        if (i < s.Length && (s[i] == 'e' || s[i] == 'E'))
        {
            int j = i + 1;
            if (j < s.Length && (s[j] == '+' || s[j] == '-'))
                j++;
            if (j < s.Length && char.IsAsciiDigit(s[j]))
            {
                while (j < s.Length && char.IsAsciiDigit(s[j]))
                    j++;
                mantissaEnd = j;
            }
        }
        return sign * double.Parse(s.AsSpan(start, mantissaEnd - start), NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
