using OstreeSharp.Cli.Errors;
using OstreeSharp.Maintenance;

namespace OstreeSharp.Cli.Parsing;

/// <summary>
/// Parses <c>commit --timestamp</c> values with the GNU <c>date -d</c> grammar of <see cref="DateExpression"/>
/// (the same parser as <c>prune --keep-younger-than</c>). Times without a zone are local, honouring <c>TZ</c>.
/// </summary>
public static class TimestampParser
{
    /// <summary>Parses <paramref name="text"/> or throws <c>Could not parse 'TEXT'</c>, as ostree does.</summary>
    public static DateTimeOffset Parse(string text, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        clock ??= TimeProvider.System;
        if (!DateExpression.TryParse(text, clock.GetUtcNow(), clock.LocalTimeZone, out var result))
            throw new CliException($"Could not parse '{text}'");
        return result;
    }
}
