using OstreeSharp.Objects;

namespace OstreeSharp.Deltas;

/// <summary>
/// Identifies a static delta: an optional source commit and a target commit. Printed and parsed in the hex form
/// used by summaries, indexes and the CLI (<c>FROM-TO</c>, or <c>TO</c> for a delta from scratch); stored under
/// the modified-base64 directory layout of spec §8.1.
/// </summary>
/// <param name="From">The source commit, or null for a delta from scratch.</param>
/// <param name="To">The target commit.</param>
public readonly record struct StaticDeltaName(Checksum? From, Checksum To)
{
    /// <summary>True for a delta from scratch.</summary>
    public bool IsFromScratch => From is null;

    /// <summary>
    /// The delta directory relative to the repository: <c>deltas/T0T1/T2…</c> from scratch,
    /// <c>deltas/F0F1/F2…-T…</c> otherwise (<c>/</c>-separated).
    /// </summary>
    public string RelativeDirectory
    {
        get
        {
            string to = To.ToMBase64();
            if (From is not { } from)
                return $"deltas/{to[..2]}/{to[2..]}";
            string f = from.ToMBase64();
            return $"deltas/{f[..2]}/{f[2..]}-{to}";
        }
    }

    /// <summary>The delta index of <paramref name="to"/>, relative to the repository (spec §6.3).</summary>
    public static string IndexRelativePath(Checksum to)
    {
        string t = to.ToMBase64();
        return $"delta-indexes/{t[..2]}/{t[2..]}.index";
    }

    /// <summary>Parses <c>TO</c> or <c>FROM-TO</c> (64 lower-case hex digits each).</summary>
    public static bool TryParse(string? text, out StaticDeltaName name)
    {
        name = default;
        if (text is null)
            return false;
        int dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            if (!Checksum.IsValidLowerHex(text) || !Checksum.TryParse(text, out var to))
                return false;
            name = new StaticDeltaName(null, to);
            return true;
        }
        var a = text.AsSpan(0, dash);
        var b = text.AsSpan(dash + 1);
        if (!Checksum.IsValidLowerHex(a) || !Checksum.IsValidLowerHex(b) || !Checksum.TryParse(a, out var f) || !Checksum.TryParse(b, out var t))
            return false;
        name = new StaticDeltaName(f, t);
        return true;
    }

    /// <summary>Parses <c>TO</c> or <c>FROM-TO</c>.</summary>
    /// <exception cref="FormatException">Not a delta name.</exception>
    public static StaticDeltaName Parse(string text) =>
        TryParse(text, out var name) ? name : throw new FormatException($"Invalid static delta name '{text}'");

    /// <summary>
    /// Recognises a delta directory from its two path components under <c>deltas/</c> (the 2-character prefix
    /// and the rest).
    /// </summary>
    public static bool TryParseDirectory(string prefix, string rest, out StaticDeltaName name)
    {
        name = default;
        if (prefix is null || rest is null || prefix.Length != 2)
            return false;
        int dash = rest.IndexOf('-', StringComparison.Ordinal);
        try
        {
            if (dash < 0)
            {
                if (rest.Length != Checksum.MBase64Length - 2)
                    return false;
                name = new StaticDeltaName(null, Checksum.FromMBase64(prefix + rest));
                return true;
            }
            if (dash != Checksum.MBase64Length - 2 || rest.Length != dash + 1 + Checksum.MBase64Length)
                return false;
            name = new StaticDeltaName(Checksum.FromMBase64(prefix + rest[..dash]), Checksum.FromMBase64(rest[(dash + 1)..]));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>The hex form: <c>FROM-TO</c> or <c>TO</c>.</summary>
    public override string ToString() => From is { } f ? $"{f}-{To}" : To.ToString();
}
