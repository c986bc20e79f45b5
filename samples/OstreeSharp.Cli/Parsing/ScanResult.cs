namespace OstreeSharp.Cli.Parsing;

/// <summary>The result of scanning argv with GOption rules.</summary>
public sealed class ScanResult
{
    internal ScanResult(ScanOutcome outcome, string? errorMessage, IReadOnlyList<KeyValuePair<CliOption, string?>> options, IReadOnlyList<string> positionals)
    {
        Outcome = outcome;
        ErrorMessage = errorMessage;
        Options = options;
        Positionals = positionals;
    }

    /// <summary>What to do next.</summary>
    public ScanOutcome Outcome { get; }

    /// <summary>The GOption error message (without the <c>error: </c> prefix) when <see cref="Outcome"/> is <see cref="ScanOutcome.Error"/>.</summary>
    public string? ErrorMessage { get; }

    /// <summary>Options in command-line order with their values (null for flags).</summary>
    public IReadOnlyList<KeyValuePair<CliOption, string?>> Options { get; }

    /// <summary>Positional arguments in order.</summary>
    public IReadOnlyList<string> Positionals { get; }

    /// <summary>
    /// The canonical argv handed to System.CommandLine: each option once as <c>--long value</c> (last wins for
    /// single-valued options, every occurrence for repeatable ones; integers in decimal), then <c>--</c> and the
    /// positionals, so System.CommandLine never has to interpret GOption-specific syntax.
    /// </summary>
    public IReadOnlyList<string> ToCanonicalArguments(string commandName)
    {
        var result = new List<string> { commandName };
        var single = new Dictionary<CliOption, string?>();
        var order = new List<CliOption>();
        foreach (var (option, value) in Options)
        {
            if (option.Kind == CliOptionKind.StringArray)
            {
                continue;
            }
            if (!single.ContainsKey(option))
            {
                order.Add(option);
            }
            single[option] = value;
        }
        foreach (CliOption option in order)
        {
            result.Add("--" + option.LongName);
            if (option.TakesValue)
            {
                result.Add(single[option]!);
            }
        }
        foreach (var (option, value) in Options)
        {
            if (option.Kind == CliOptionKind.StringArray)
            {
                result.Add("--" + option.LongName);
                result.Add(value!);
            }
        }
        result.Add("--");
        result.AddRange(Positionals);
        return result;
    }
}
