using System.Globalization;

namespace OstreeSharp.Cli.Parsing;

/// <summary>
/// Parses integer option values the way GOption's <c>G_OPTION_ARG_INT</c> does (C <c>strtol</c> with base 0:
/// optional sign, <c>0x</c> hex, leading-<c>0</c> octal, decimal), with ostree's error wording.
/// </summary>
public static class IntegerOptionParser
{
    /// <summary>Parses <paramref name="text"/>; on failure returns false and the GOption error message.</summary>
    public static bool TryParse(string text, string optionName, out int value, out string? error)
    {
        value = 0;
        error = null;
        ReadOnlySpan<char> s = text.AsSpan();
        int i = 0;
        while (i < s.Length && char.IsWhiteSpace(s[i]))
        {
            i++;
        }
        bool negative = false;
        if (i < s.Length && (s[i] == '+' || s[i] == '-'))
        {
            negative = s[i] == '-';
            i++;
        }
        int radix = 10;
        if (i + 1 < s.Length && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X') && i + 2 < s.Length && Uri.IsHexDigit(s[i + 2]))
        {
            radix = 16;
            i += 2;
        }
        else if (i < s.Length && s[i] == '0')
        {
            radix = 8;
        }
        int start = i;
        System.Numerics.BigInteger acc = 0;
        for (; i < s.Length; i++)
        {
            int d = DigitValue(s[i]);
            if (d < 0 || d >= radix)
            {
                break;
            }
            acc = (acc * radix) + d;
        }
        if (i == start || i != s.Length)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"Cannot parse integer value \u201c{text}\u201d for {optionName}");
            return false;
        }
        if (negative)
        {
            acc = -acc;
        }
        if (acc < int.MinValue || acc > int.MaxValue)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"Integer value \u201c{text}\u201d for {optionName} out of range");
            return false;
        }
        value = (int)acc;
        return true;
    }

    private static int DigitValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
