using System.CommandLine;

namespace OstreeSharp.Cli.Parsing;

/// <summary>
/// One option as ostree's GOption tables declare it: long name, optional short letter, value kind,
/// the argument name shown in help (<c>--repo=PATH</c>; null shows just <c>--mode</c>) and description.
/// <see cref="Symbol"/> is the System.CommandLine option the value is bound through.
/// </summary>
public sealed class CliOption
{
    /// <summary>Creates a descriptor.</summary>
    public CliOption(Option symbol, string longName, char? shortName, CliOptionKind kind, string? argumentName, string description)
    {
        Symbol = symbol;
        LongName = longName;
        ShortName = shortName;
        Kind = kind;
        ArgumentName = argumentName;
        Description = description;
    }

    /// <summary>The bound System.CommandLine option (named <c>--LONG</c>).</summary>
    public Option Symbol { get; }

    /// <summary>Long name without dashes.</summary>
    public string LongName { get; }

    /// <summary>Short letter, if any.</summary>
    public char? ShortName { get; }

    /// <summary>Value kind.</summary>
    public CliOptionKind Kind { get; }

    /// <summary>Argument name for help output, or null.</summary>
    public string? ArgumentName { get; }

    /// <summary>One-line description.</summary>
    public string Description { get; }

    /// <summary>True when the option consumes a value.</summary>
    public bool TakesValue => Kind != CliOptionKind.Flag;

    /// <summary>The left column of the help line, e.g. <c>-b, --branch=BRANCH</c>.</summary>
    public string HelpLabel =>
        (ShortName is char s ? $"-{s}, --{LongName}" : $"--{LongName}") + (ArgumentName is null ? string.Empty : "=" + ArgumentName);
}
