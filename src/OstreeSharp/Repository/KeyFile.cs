using System.Globalization;
using System.Text;

namespace OstreeSharp.Repository;

/// <summary>
/// A GLib <c>GKeyFile</c>-compatible configuration file (<c>[group]</c> headers and <c>key=value</c> lines),
/// as used for the repository <c>config</c> (spec §5.1).
/// </summary>
/// <remarks>
/// <para>
/// Loading then saving without changes reproduces the input byte for byte: comments, blank lines, spacing around
/// <c>=</c>, line endings, unknown groups and keys, duplicate entries and locale keys (<c>key[de]</c>) are kept.
/// Changed entries are written as <c>key=value</c>; new keys are appended at the end of their group and new groups
/// at the end of the file, separated by a blank line, exactly where GLib puts them.
/// </para>
/// <para>
/// Values are escaped like GLib (<c>\s</c> for leading spaces, <c>\t</c> for leading tabs, <c>\n</c>, <c>\r</c>,
/// <c>\\</c>, and <c>\;</c> inside lists). Typed getters parse the raw value the way GLib does and throw
/// <see cref="KeyFileFormatException"/> when it cannot be interpreted. Getters return <see langword="null"/> when
/// the group or key is absent.
/// </para>
/// </remarks>
public sealed class KeyFile
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly List<Group> _groups = [];

    /// <summary>Creates an empty key file.</summary>
    public KeyFile()
    {
        _groups.Add(new Group(null, null));
    }

    /// <summary>Parses key-file bytes.</summary>
    /// <param name="data">The file contents.</param>
    /// <returns>The key file.</returns>
    /// <exception cref="KeyFileFormatException">A line is neither a group, a key-value pair nor a comment, or a name is invalid.</exception>
    public static KeyFile Parse(ReadOnlySpan<byte> data)
    {
        var file = new KeyFile();
        Group current = file._groups[0];
        Line? previous = null;
        int lineNumber = 0;
        while (!data.IsEmpty)
        {
            lineNumber++;
            int nl = data.IndexOf((byte)'\n');
            ReadOnlySpan<byte> raw = nl < 0 ? data : data[..nl];
            bool hasNewline = nl >= 0;
            data = hasNewline ? data[(nl + 1)..] : default;

            ReadOnlySpan<byte> content = raw;
            if (hasNewline && content.EndsWith("\r"u8))
            {
                content = content[..^1];
            }

            var line = new Line(raw.ToArray(), hasNewline, lineNumber);
            ReadOnlySpan<byte> trimmed = TrimStart(content);
            if (trimmed.IsEmpty || trimmed[0] == (byte)'#')
            {
                line.IsEmpty = content.IsEmpty;
                current.Lines.Add(line);
            }
            else if (IsGroupLine(TrimEnd(trimmed), out ReadOnlySpan<byte> nameBytes))
            {
                string name = DecodeName(nameBytes, lineNumber);
                if (!IsValidGroupName(name))
                {
                    throw new KeyFileFormatException($"Invalid group name: {name}", lineNumber);
                }

                current = new Group(name, line) { LoadedAfter = previous, HasLoadedPosition = true };
                file._groups.Add(current);
            }
            else
            {
                int eq = trimmed.IndexOf((byte)'=');
                ReadOnlySpan<byte> keyBytes = eq < 0 ? default : TrimEnd(trimmed[..eq]);
                if (keyBytes.IsEmpty)
                {
                    throw new KeyFileFormatException(
                        $"Key file contains line “{Encoding.UTF8.GetString(content)}” which is not a key-value pair, group, or comment",
                        lineNumber);
                }

                if (current.Name is null)
                {
                    throw new KeyFileFormatException("Key file does not start with a group", lineNumber);
                }

                string key = DecodeName(keyBytes, lineNumber);
                if (!IsValidKeyName(key, strict: false))
                {
                    throw new KeyFileFormatException($"Invalid key name: {key}", lineNumber);
                }

                line.Key = key;
                line.RawValue = TrimStart(trimmed[(eq + 1)..]).ToArray();
                current.Lines.Add(line);
            }

            previous = line;
        }

        return file;
    }

    /// <summary>Parses key-file text.</summary>
    /// <param name="text">The file contents.</param>
    /// <returns>The key file.</returns>
    /// <exception cref="KeyFileFormatException">The text is malformed.</exception>
    public static KeyFile Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Parse(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>Reads and parses a key file from disk.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The key file.</returns>
    /// <exception cref="KeyFileFormatException">The file is malformed.</exception>
    public static KeyFile Load(string path) => Parse(File.ReadAllBytes(path));

    /// <summary>Serializes the key file.</summary>
    /// <returns>The file contents.</returns>
    public byte[] ToBytes()
    {
        using var ms = new MemoryStream();
        WriteTo(ms);
        return ms.ToArray();
    }

    /// <summary>Writes the serialized key file to <paramref name="stream"/>.</summary>
    /// <param name="stream">A writable stream.</param>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Line? last = null;
        bool any = false;
        foreach (Group group in _groups)
        {
            if (group.Header is not null || group.Name is not null)
            {
                bool verbatim = group.HasLoadedPosition && ReferenceEquals(group.LoadedAfter, last);
                if (!verbatim && any && last is { IsEmpty: false })
                {
                    Emit(stream, ref last, new Line([], hasNewline: true, 0) { IsEmpty = true });
                }

                Line header = group.Header ?? new Line(Encoding.UTF8.GetBytes("[" + group.Name + "]"), hasNewline: true, 0);
                group.Header = header;
                Emit(stream, ref last, header);
                any = true;
            }

            foreach (Line line in group.Lines)
            {
                Emit(stream, ref last, line);
                any = true;
            }
        }
    }

    /// <summary>Writes the key file to <paramref name="path"/> atomically (temporary file, then rename).</summary>
    /// <param name="path">The destination file.</param>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        string temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var fs = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                WriteTo(fs);
                fs.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>The serialized key file as text (invalid UTF-8 is replaced).</summary>
    /// <returns>The file contents.</returns>
    public override string ToString() => Encoding.UTF8.GetString(ToBytes());

    /// <summary>Group names in file order (duplicated groups are listed once).</summary>
    /// <returns>The group names.</returns>
    public IReadOnlyList<string> GetGroups()
    {
        var names = new List<string>();
        foreach (Group g in _groups)
        {
            if (g.Name is not null && !names.Contains(g.Name, StringComparer.Ordinal))
            {
                names.Add(g.Name);
            }
        }

        return names;
    }

    /// <summary>Keys of <paramref name="group"/> in file order, including locale keys like <c>name[de]</c>.</summary>
    /// <param name="group">The group name.</param>
    /// <returns>The keys (a key present twice is listed twice, like GLib).</returns>
    /// <exception cref="KeyNotFoundException">The group does not exist.</exception>
    public IReadOnlyList<string> GetKeys(string group)
    {
        ArgumentNullException.ThrowIfNull(group);
        var keys = new List<string>();
        bool found = false;
        foreach (Group g in Segments(group))
        {
            found = true;
            foreach (Line line in g.Lines)
            {
                if (line.Key is not null)
                {
                    keys.Add(line.Key);
                }
            }
        }

        return found ? keys : throw new KeyNotFoundException($"Key file does not have group “{group}”");
    }

    /// <summary>Whether <paramref name="group"/> exists.</summary>
    /// <param name="group">The group name.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool HasGroup(string group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return Segments(group).Any();
    }

    /// <summary>Whether <paramref name="key"/> exists in <paramref name="group"/>.</summary>
    /// <param name="group">The group name.</param>
    /// <param name="key">The key.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool HasKey(string group, string key) => FindLast(group, key) is not null;

    /// <summary>Adds an empty group at the end of the file if it does not exist yet.</summary>
    /// <param name="group">The group name.</param>
    public void AddGroup(string group) => GetOrAddGroup(group);

    /// <summary>Removes every occurrence of <paramref name="group"/> with all its lines.</summary>
    /// <param name="group">The group name.</param>
    /// <returns><see langword="false"/> when the group did not exist.</returns>
    public bool RemoveGroup(string group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return _groups.RemoveAll(g => g.Name is not null && string.Equals(g.Name, group, StringComparison.Ordinal)) > 0;
    }

    /// <summary>Removes <paramref name="key"/> from <paramref name="group"/> (its last occurrence, like GLib).</summary>
    /// <param name="group">The group name.</param>
    /// <param name="key">The key.</param>
    /// <returns><see langword="false"/> when the key did not exist.</returns>
    public bool RemoveKey(string group, string key)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(key);
        foreach (Group g in Segments(group).Reverse())
        {
            int index = g.Lines.FindLastIndex(l => string.Equals(l.Key, key, StringComparison.Ordinal));
            if (index >= 0)
            {
                g.Lines.RemoveAt(index);
                return true;
            }
        }

        return false;
    }

    /// <summary>The raw (still escaped) value, or <see langword="null"/> when absent.</summary>
    /// <param name="group">The group name.</param>
    /// <param name="key">The key.</param>
    /// <returns>The raw value.</returns>
    public string? GetValue(string group, string key)
    {
        Line? line = FindLast(group, key);
        return line is null ? null : DecodeValue(line, group);
    }

    /// <summary>Sets a raw value, written verbatim after <c>=</c>.</summary>
    /// <param name="group">The group name (created if missing).</param>
    /// <param name="key">The key (replaced in place if present, else appended to the group).</param>
    /// <param name="value">The raw value; must not contain line breaks.</param>
    public void SetValue(string group, string key, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.AsSpan().IndexOfAny('\n', '\r') >= 0)
        {
            throw new ArgumentException("A raw key-file value cannot contain line breaks.", nameof(value));
        }

        ValidateKeyArgument(key);
        ValidateGroupArgument(group);
        byte[] valueBytes = Encoding.UTF8.GetBytes(value);
        byte[] raw = Encoding.UTF8.GetBytes(key + "=" + value);
        Line? existing = FindLast(group, key);
        if (existing is not null)
        {
            existing.Raw = raw;
            existing.HasNewline = true;
            existing.RawValue = valueBytes;
            existing.LineNumber = 0;
            return;
        }

        Group target = GetOrAddGroup(group);
        target.Lines.Add(new Line(raw, hasNewline: true, 0) { Key = key, RawValue = valueBytes });
    }

    /// <summary>A string value with escapes decoded, or <see langword="null"/> when absent.</summary>
    /// <param name="group">The group name.</param>
    /// <param name="key">The key.</param>
    /// <returns>The value.</returns>
    /// <exception cref="KeyFileFormatException">The value has an invalid escape or is not UTF-8.</exception>
    public string? GetString(string group, string key)
    {
        Line? line = FindLast(group, key);
        if (line is null)
        {
            return null;
        }

        string raw = DecodeValue(line, group);
        return Unescape(raw, list: false) ?? throw CannotInterpret(line, group, withGroup: false);
    }

    /// <summary>Sets a string value, escaping it like GLib.</summary>
    /// <param name="group">The group name (created if missing).</param>
    /// <param name="key">The key.</param>
    /// <param name="value">The value (any text).</param>
    public void SetString(string group, string key, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        SetValue(group, key, Escape(value, list: false));
    }

    /// <summary>A boolean value (<c>true</c>, <c>false</c>, <c>1</c> or <c>0</c>), or <see langword="null"/> when absent.</summary>
    /// <param name="group">The group name.</param>
    /// <param name="key">The key.</param>
    /// <returns>The value.</returns>
    /// <exception cref="KeyFileFormatException">The value is not a boolean.</exception>
    public bool? GetBoolean(string group, string key)
    {
        Line? line = FindLast(group, key);
        if (line is null)
        {
            return null;
        }

        ReadOnlySpan<char> v = DecodeValue(line, group).AsSpan().Trim(" \t\n\r\f");
        return v switch
        {
            "true" or "1" => true,
            "false" or "0" => false,
            _ => throw CannotInterpret(line, group, withGroup: false),
        };
    }

    /// <summary>Sets a boolean value (written as <c>true</c>/<c>false</c>).</summary>
    /// <param name="group">The group name.</param>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    public void SetBoolean(string group, string key, bool value) => SetValue(group, key, value ? "true" : "false");

    /// <summary>A 32-bit integer value (decimal, optional sign, surrounding whitespace allowed), or <see langword="null"/>.</summary>
    /// <param name="group">The group name.</param>
    /// <param name="key">The key.</param>
    /// <returns>The value.</returns>
    /// <exception cref="KeyFileFormatException">The value is not an integer or overflows.</exception>
    public int? GetInt32(string group, string key)
    {
        Line? line = FindLast(group, key);
        if (line is null)
        {
            return null;
        }

        ReadOnlySpan<char> v = DecodeValue(line, group).AsSpan().Trim(" \t\n\r\f");
        if (!ParseDecimal(v, out bool negative, out ulong magnitude, out bool overflow) || overflow
            || (negative ? magnitude > 2147483648UL : magnitude > int.MaxValue))
        {
            throw CannotInterpret(line, group, withGroup: true);
        }

        return negative ? (int)-(long)magnitude : (int)magnitude;
    }

    /// <summary>Sets a 32-bit integer value.</summary>
    /// <param name="group">The group name.</param>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    public void SetInt32(string group, string key, int value) => SetValue(group, key, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// A 64-bit integer value, or <see langword="null"/>. Leading whitespace is allowed, trailing text is not;
    /// out-of-range values saturate like <c>g_ascii_strtoll</c>.
    /// </summary>
    /// <param name="group">The group name.</param>
    /// <param name="key">The key.</param>
    /// <returns>The value.</returns>
    /// <exception cref="KeyFileFormatException">The value is not an integer.</exception>
    public long? GetInt64(string group, string key)
    {
        Line? line = FindLast(group, key);
        if (line is null)
        {
            return null;
        }

        string raw = DecodeValue(line, group);
        if (!ParseDecimal(raw.AsSpan().TrimStart(" \t\n\r\f"), out bool negative, out ulong magnitude, out bool overflow))
        {
            throw new KeyFileFormatException($"Key “{line.Key}” in group “{group}” has value “{raw}” where int64 was expected", line.LineNumber);
        }

        if (negative)
        {
            return overflow || magnitude > 9223372036854775808UL ? long.MinValue : (long)(0UL - magnitude);
        }

        return overflow || magnitude > long.MaxValue ? long.MaxValue : (long)magnitude;
    }

    /// <summary>Sets a 64-bit integer value.</summary>
    /// <param name="group">The group name.</param>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    public void SetInt64(string group, string key, long value) => SetValue(group, key, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// An unsigned 64-bit integer value, or <see langword="null"/>. Parsed like <c>g_ascii_strtoull</c>:
    /// leading whitespace and a sign are allowed (a minus negates modulo 2^64), overflow saturates.
    /// </summary>
    /// <param name="group">The group name.</param>
    /// <param name="key">The key.</param>
    /// <returns>The value.</returns>
    /// <exception cref="KeyFileFormatException">The value is not an integer.</exception>
    public ulong? GetUInt64(string group, string key)
    {
        Line? line = FindLast(group, key);
        if (line is null)
        {
            return null;
        }

        string raw = DecodeValue(line, group);
        if (!ParseDecimal(raw.AsSpan().TrimStart(" \t\n\r\f"), out bool negative, out ulong magnitude, out bool overflow))
        {
            throw new KeyFileFormatException($"Key “{line.Key}” in group “{group}” has value “{raw}” where uint64 was expected", line.LineNumber);
        }

        return overflow ? ulong.MaxValue : negative ? 0UL - magnitude : magnitude;
    }

    /// <summary>Sets an unsigned 64-bit integer value.</summary>
    /// <param name="group">The group name.</param>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    public void SetUInt64(string group, string key, ulong value) => SetValue(group, key, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// A floating-point value, or <see langword="null"/>. Accepts what <c>g_ascii_strtod</c> accepts
    /// (decimal, exponent, hexadecimal, <c>inf</c>, <c>nan</c>) with leading whitespace and no trailing text.
    /// </summary>
    /// <param name="group">The group name.</param>
    /// <param name="key">The key.</param>
    /// <returns>The value.</returns>
    /// <exception cref="KeyFileFormatException">The value is not a number.</exception>
    public double? GetDouble(string group, string key)
    {
        Line? line = FindLast(group, key);
        if (line is null)
        {
            return null;
        }

        return ParseDouble(DecodeValue(line, group).AsSpan().TrimStart(" \t\n\r\f"), out double d)
            ? d
            : throw CannotInterpret(line, group, withGroup: true);
    }

    /// <summary>Sets a floating-point value, formatted like GLib (<c>%.17g</c>, <c>inf</c>, <c>nan</c>).</summary>
    /// <param name="group">The group name.</param>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    public void SetDouble(string group, string key, double value) => SetValue(group, key, FormatDouble(value));

    /// <summary>
    /// A <c>;</c>-separated list with escapes decoded, or <see langword="null"/> when absent. A trailing
    /// separator is optional; <c>\;</c> is a literal semicolon.
    /// </summary>
    /// <param name="group">The group name.</param>
    /// <param name="key">The key.</param>
    /// <returns>The items.</returns>
    /// <exception cref="KeyFileFormatException">An item has an invalid escape.</exception>
    public IReadOnlyList<string>? GetStringList(string group, string key)
    {
        Line? line = FindLast(group, key);
        if (line is null)
        {
            return null;
        }

        string raw = DecodeValue(line, group);
        var items = new List<string>();
        int start = 0;
        for (int i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '\\')
            {
                i++;
            }
            else if (raw[i] == ';')
            {
                items.Add(Unescape(raw[start..i], list: true) ?? throw CannotInterpret(line, group, withGroup: false));
                start = i + 1;
            }
        }

        if (start < raw.Length)
        {
            items.Add(Unescape(raw[start..], list: true) ?? throw CannotInterpret(line, group, withGroup: false));
        }

        return items;
    }

    /// <summary>Sets a list value; every item is escaped and followed by <c>;</c>, as GLib writes lists.</summary>
    /// <param name="group">The group name.</param>
    /// <param name="key">The key.</param>
    /// <param name="values">The items.</param>
    public void SetStringList(string group, string key, IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sb = new StringBuilder();
        foreach (string v in values)
        {
            ArgumentNullException.ThrowIfNull(v, nameof(values));
            sb.Append(Escape(v, list: true)).Append(';');
        }

        SetValue(group, key, sb.ToString());
    }

    /// <summary>Whether <paramref name="name"/> can be used as a group name (non-empty, no brackets or control characters).</summary>
    /// <param name="name">The candidate.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool IsValidGroupName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0)
        {
            return false;
        }

        foreach (char c in name)
        {
            if (c is '[' or ']' || c < 0x20 || c == 0x7f)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether <paramref name="name"/> can be written as a key: non-empty, no <c>=</c>, no line breaks, no
    /// surrounding whitespace, not starting with <c>#</c>, with an optional <c>[locale]</c> suffix.
    /// </summary>
    /// <param name="name">The candidate.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool IsValidKeyName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return IsValidKeyName(name, strict: true);
    }

    private static bool IsValidKeyName(string name, bool strict)
    {
        if (name.Length == 0)
        {
            return false;
        }

        if (strict && (name.AsSpan().IndexOfAny("=\n\r") >= 0 || name[0] == '#'
            || IsSpace(name[0]) || IsSpace(name[^1])))
        {
            return false;
        }

        int bracket = name.IndexOf('[', StringComparison.Ordinal);
        ReadOnlySpan<char> baseName = bracket < 0 ? name : name.AsSpan(0, bracket);
        if (baseName.IsEmpty || baseName.Contains(']') || baseName[^1] == ' ')
        {
            return false;
        }

        if (bracket < 0)
        {
            return true;
        }

        if (name[^1] != ']')
        {
            return false;
        }

        ReadOnlySpan<char> locale = name.AsSpan(bracket + 1, name.Length - bracket - 2);
        return locale.IndexOfAny(" []") < 0;
    }

    /// <summary>Escapes a value like GLib's <c>g_key_file_set_string</c> (or list items when <paramref name="list"/>).</summary>
    internal static string Escape(string value, bool list)
    {
        var sb = new StringBuilder(value.Length + 8);
        bool leading = true;
        foreach (char c in value)
        {
            switch (c)
            {
                case ' ':
                    sb.Append(leading ? "\\s" : " ");
                    break;
                case '\t':
                    sb.Append(leading ? "\\t" : "\t");
                    break;
                case '\n':
                    sb.Append("\\n");
                    break;
                case '\r':
                    sb.Append("\\r");
                    break;
                case '\\':
                    sb.Append("\\\\");
                    leading = false;
                    break;
                case ';' when list:
                    // GLib treats what follows an escaped separator like the start of a value
                    sb.Append("\\;");
                    leading = true;
                    break;
                default:
                    sb.Append(c);
                    leading = false;
                    break;
            }
        }

        return sb.ToString();
    }

    /// <summary>Decodes GLib escapes; <see langword="null"/> for an invalid or dangling escape.</summary>
    internal static string? Unescape(string raw, bool list)
    {
        int backslash = raw.IndexOf('\\', StringComparison.Ordinal);
        if (backslash < 0)
        {
            return raw;
        }

        var sb = new StringBuilder(raw.Length);
        sb.Append(raw, 0, backslash);
        for (int i = backslash; i < raw.Length; i++)
        {
            char c = raw[i];
            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }

            if (++i == raw.Length)
            {
                return null;
            }

            switch (raw[i])
            {
                case 's': sb.Append(' '); break;
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case '\\': sb.Append('\\'); break;
                case ';' when list: sb.Append(';'); break;
                default: return null;
            }
        }

        return sb.ToString();
    }

    /// <summary>Formats like GLib's <c>g_ascii_dtostr</c> (<c>%.17g</c>).</summary>
    internal static string FormatDouble(double value)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        return value.ToString("G17", CultureInfo.InvariantCulture).Replace('E', 'e');
    }

    /// <summary>Parses like <c>g_ascii_strtod</c> requiring the whole span to be consumed.</summary>
    internal static bool ParseDouble(ReadOnlySpan<char> s, out double value)
    {
        value = 0;
        bool negative = false;
        ReadOnlySpan<char> body = s;
        if (!body.IsEmpty && body[0] is '+' or '-')
        {
            negative = body[0] == '-';
            body = body[1..];
        }

        if (body.Equals("inf", StringComparison.OrdinalIgnoreCase) || body.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }

        if (body.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NaN;
            return true;
        }

        if (body.Length > 2 && body[0] == '0' && body[1] is 'x' or 'X')
        {
            if (!ParseHexDouble(body[2..], out double hex))
            {
                return false;
            }

            value = negative ? -hex : hex;
            return true;
        }

        // [digits][.digits][(e|E)[sign]digits] with at least one mantissa digit
        int i = 0;
        int digits = 0;
        while (i < body.Length && char.IsAsciiDigit(body[i]))
        {
            i++;
            digits++;
        }

        if (i < body.Length && body[i] == '.')
        {
            i++;
            while (i < body.Length && char.IsAsciiDigit(body[i]))
            {
                i++;
                digits++;
            }
        }

        if (digits == 0)
        {
            return false;
        }

        if (i < body.Length && body[i] is 'e' or 'E')
        {
            i++;
            if (i < body.Length && body[i] is '+' or '-')
            {
                i++;
            }

            int expDigits = 0;
            while (i < body.Length && char.IsAsciiDigit(body[i]))
            {
                i++;
                expDigits++;
            }

            if (expDigits == 0)
            {
                return false;
            }
        }

        if (i != body.Length)
        {
            return false;
        }

        value = double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
        return true;
    }

    private static bool ParseHexDouble(ReadOnlySpan<char> s, out double value)
    {
        value = 0;
        int i = 0;
        int digits = 0;
        int exponent = 0;
        bool fraction = false;
        while (i < s.Length)
        {
            char c = s[i];
            if (c == '.' && !fraction)
            {
                fraction = true;
            }
            else if (char.IsAsciiHexDigit(c))
            {
                value = (value * 16) + Convert.ToInt32(c.ToString(), 16);
                digits++;
                if (fraction)
                {
                    exponent -= 4;
                }
            }
            else
            {
                break;
            }

            i++;
        }

        if (digits == 0)
        {
            return false;
        }

        if (i < s.Length && s[i] is 'p' or 'P')
        {
            i++;
            bool negative = false;
            if (i < s.Length && s[i] is '+' or '-')
            {
                negative = s[i] == '-';
                i++;
            }

            int start = i;
            int e = 0;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                e = Math.Min((e * 10) + (s[i] - '0'), 100_000);
                i++;
            }

            if (i == start)
            {
                return false;
            }

            exponent += negative ? -e : e;
        }

        if (i != s.Length)
        {
            return false;
        }

        value = Math.ScaleB(value, exponent);
        return true;
    }

    /// <summary>Optional sign then one or more decimal digits, nothing else; reports overflow of 64 bits.</summary>
    private static bool ParseDecimal(ReadOnlySpan<char> s, out bool negative, out ulong magnitude, out bool overflow)
    {
        negative = false;
        magnitude = 0;
        overflow = false;
        if (!s.IsEmpty && s[0] is '+' or '-')
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s.IsEmpty)
        {
            return false;
        }

        foreach (char c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            if (!overflow)
            {
                ulong next = unchecked((magnitude * 10) + (ulong)(c - '0'));
                if (magnitude > ulong.MaxValue / 10 || next < magnitude * 10)
                {
                    overflow = true;
                }
                else
                {
                    magnitude = next;
                }
            }
        }

        return true;
    }

    private static KeyFileFormatException CannotInterpret(Line line, string group, bool withGroup)
        => new(withGroup
            ? $"Key file contains key “{line.Key}” in group “{group}” which has a value that cannot be interpreted."
            : $"Key file contains key “{line.Key}” which has a value that cannot be interpreted.", line.LineNumber);

    private static string DecodeValue(Line line, string group)
    {
        try
        {
            return s_strictUtf8.GetString(line.RawValue!);
        }
        catch (DecoderFallbackException e)
        {
            throw new KeyFileFormatException(
                $"Key file contains key “{line.Key}” in group “{group}” with a value which is not UTF-8", e);
        }
    }

    private static string DecodeName(ReadOnlySpan<byte> bytes, int lineNumber)
    {
        try
        {
            return s_strictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new KeyFileFormatException("Key file contains a group or key name which is not UTF-8", lineNumber);
        }
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f';

    private static bool IsSpace(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\f';

    private static ReadOnlySpan<byte> TrimStart(ReadOnlySpan<byte> s)
    {
        int i = 0;
        while (i < s.Length && IsSpace(s[i]))
        {
            i++;
        }

        return s[i..];
    }

    private static ReadOnlySpan<byte> TrimEnd(ReadOnlySpan<byte> s)
    {
        int n = s.Length;
        while (n > 0 && IsSpace(s[n - 1]))
        {
            n--;
        }

        return s[..n];
    }

    private static bool IsGroupLine(ReadOnlySpan<byte> trimmed, out ReadOnlySpan<byte> name)
    {
        name = default;
        if (trimmed.IsEmpty || trimmed[0] != (byte)'[')
        {
            return false;
        }

        int close = trimmed.IndexOf((byte)']');
        if (close != trimmed.Length - 1)
        {
            return false;
        }

        name = trimmed[1..close];
        return true;
    }

    private static void Emit(Stream stream, ref Line? last, Line line)
    {
        if (last is { HasNewline: false })
        {
            stream.WriteByte((byte)'\n');
            last.HasNewline = true;
        }

        stream.Write(line.Raw);
        if (line.HasNewline)
        {
            stream.WriteByte((byte)'\n');
        }

        last = line;
    }

    private static void ValidateGroupArgument(string group)
    {
        ArgumentNullException.ThrowIfNull(group);
        if (!IsValidGroupName(group))
        {
            throw new ArgumentException($"Invalid group name: {group}", nameof(group));
        }
    }

    private static void ValidateKeyArgument(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!IsValidKeyName(key, strict: true))
        {
            throw new ArgumentException($"Invalid key name: {key}", nameof(key));
        }
    }

    private IEnumerable<Group> Segments(string group)
    {
        foreach (Group g in _groups)
        {
            if (g.Name is not null && string.Equals(g.Name, group, StringComparison.Ordinal))
            {
                yield return g;
            }
        }
    }

    private Line? FindLast(string group, string key)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(key);
        Line? found = null;
        foreach (Group g in Segments(group))
        {
            foreach (Line line in g.Lines)
            {
                if (string.Equals(line.Key, key, StringComparison.Ordinal))
                {
                    found = line;
                }
            }
        }

        return found;
    }

    private Group GetOrAddGroup(string group)
    {
        ValidateGroupArgument(group);
        Group? last = Segments(group).LastOrDefault();
        if (last is null)
        {
            last = new Group(group, null);
            _groups.Add(last);
        }

        return last;
    }

    private sealed class Group(string? name, Line? header)
    {
        public string? Name { get; } = name;

        public Line? Header { get; set; } = header;

        public List<Line> Lines { get; } = [];

        /// <summary>The line that preceded the header when loaded (null: start of file).</summary>
        public Line? LoadedAfter { get; init; }

        public bool HasLoadedPosition { get; init; }
    }

    private sealed class Line(byte[] raw, bool hasNewline, int lineNumber)
    {
        /// <summary>Line bytes without the <c>\n</c> (a <c>\r</c> before it is kept).</summary>
        public byte[] Raw { get; set; } = raw;

        public bool HasNewline { get; set; } = hasNewline;

        public int LineNumber { get; set; } = lineNumber;

        /// <summary>An empty line (what GLib checks before inserting a separator).</summary>
        public bool IsEmpty { get; set; }

        /// <summary>The key of a key-value line; <see langword="null"/> for comments and blank lines.</summary>
        public string? Key { get; set; }

        /// <summary>The raw value bytes (after <c>=</c> and leading whitespace).</summary>
        public byte[]? RawValue { get; set; }
    }
}
