using OstreeSharp.Cli.Errors;

namespace OstreeSharp.Cli.Commands;

/// <summary>Parses <c>--fsync=POLICY</c> values (a boolean, as ostree accepts them).</summary>
public static class FsyncPolicy
{
    /// <summary>Returns null when <paramref name="value"/> is null; throws <c>Invalid boolean argument 'X'</c> on bad input.</summary>
    public static bool? Parse(string? value)
    {
        if (value is null)
        {
            return null;
        }
        return value.ToUpperInvariant() switch
        {
            "TRUE" or "YES" or "1" => true,
            "FALSE" or "NO" or "0" => false,
            _ => throw new CliException($"Invalid boolean argument '{value}'"),
        };
    }
}
