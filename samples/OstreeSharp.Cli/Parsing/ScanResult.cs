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
    /// The canonical argv handed to System.CommandLine: each option once as <c>--long=value</c> (so values such as <c>--</c> or <c>-5</c> stay values) (last wins for
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
            if (option.TakesValue)
            {
                AddValue(result, option, single[option]!);
            }
            else
            {
                result.Add("--" + option.LongName);
            }
        }
        foreach (var (option, value) in Options)
        {
            if (option.Kind == CliOptionKind.StringArray)
            {
                AddValue(result, option, value!);
            }
        }
        result.Add("--");
        result.AddRange(Positionals);
        return result;
    }

    private static void AddValue(List<string> result, CliOption option, string value)
    {
        if (value.Length == 0)
        {
            // "--name=" is read as a missing value; an empty separate token is a value.
            result.Add("--" + option.LongName);
            result.Add(value);
        }
        else
        {
            result.Add("--" + option.LongName + "=" + value);
        }
    }
}
