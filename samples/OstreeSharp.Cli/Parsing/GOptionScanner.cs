using System.Globalization;

namespace OstreeSharp.Cli.Parsing;

/// <summary>
/// A left-to-right argv scanner with GLib GOption semantics, so <c>ostree-sharp</c> accepts and rejects exactly
/// what <c>ostree</c> does (docs/cli-formats.md §1.2, §4):
/// <list type="bullet">
/// <item><c>--name=value</c> and <c>--name value</c> (the next element is taken whatever it is, even <c>--</c>);</item>
/// <item>short groups <c>-abc</c>: each value-taking letter takes the <em>next</em> element; a second one in the same
/// group is <c>Error parsing option -X</c>; an unknown letter makes the whole group <c>Unknown option -abc</c>;</item>
/// <item>no glued short values (<c>-bmain</c>) and no long-name prefix matching;</item>
/// <item><c>--</c> ends options, <c>-</c> alone is positional, options may follow positionals;</item>
/// <item><c>-h</c>/<c>-?</c>/<c>--help</c>/<c>--help-all</c> act when met (ostree's tables have no option groups, so
/// <c>--help-all</c> prints the same help); <c>--version</c> acts only after a clean parse;</item>
/// <item>a flag given <c>=value</c> is accepted and the value ignored.</item>
/// </list>
/// </summary>
public static class GOptionScanner
{
    /// <summary>Scans <paramref name="args"/> against <paramref name="options"/> (help and version are implicit).</summary>
    public static ScanResult Scan(IReadOnlyList<string> args, IReadOnlyList<CliOption> options)
    {
        var found = new List<KeyValuePair<CliOption, string?>>();
        var positionals = new List<string>();
        bool version = false;

        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (arg == "--")
            {
                for (int j = i + 1; j < args.Count; j++)
                {
                    positionals.Add(args[j]);
                }
                break;
            }
            if (arg.Length < 2 || arg[0] != '-')
            {
                positionals.Add(arg);
                continue;
            }
            if (arg[1] == '-')
            {
                int eq = arg.IndexOf('=', StringComparison.Ordinal);
                string name = eq >= 0 ? arg[2..eq] : arg[2..];
                string? inlineValue = eq >= 0 ? arg[(eq + 1)..] : null;
                if (name is "help" or "help-all" && inlineValue is null)
                {
                    return Result(ScanOutcome.Help, null, found, positionals);
                }
                if (name == "version")
                {
                    version = true;
                    continue;
                }
                CliOption? option = FindLong(options, name);
                if (option is null)
                {
                    return Error("Unknown option " + arg, found, positionals);
                }
                if (!option.TakesValue)
                {
                    found.Add(new(option, null));
                    continue;
                }
                string? value = inlineValue;
                if (value is null)
                {
                    if (i + 1 >= args.Count)
                    {
                        return Error("Missing argument for --" + option.LongName, found, positionals);
                    }
                    value = args[++i];
                }
                if (!TryAdd(found, option, "--" + option.LongName, value, out string? error))
                {
                    return Error(error!, found, positionals);
                }
                continue;
            }

            // A short option group.
            bool consumedNext = false;
            bool unknown = false;
            int next = i + 1;
            for (int k = 1; k < arg.Length; k++)
            {
                char c = arg[k];
                if (c is 'h' or '?')
                {
                    return Result(ScanOutcome.Help, null, found, positionals);
                }
                CliOption? option = FindShort(options, c);
                if (option is null)
                {
                    unknown = true;
                    continue;
                }
                if (!option.TakesValue)
                {
                    found.Add(new(option, null));
                    continue;
                }
                string label = "-" + c.ToString(CultureInfo.InvariantCulture);
                if (consumedNext)
                {
                    return Error("Error parsing option " + label, found, positionals);
                }
                if (next >= args.Count)
                {
                    return Error("Missing argument for " + label, found, positionals);
                }
                consumedNext = true;
                if (!TryAdd(found, option, label, args[next], out string? error))
                {
                    return Error(error!, found, positionals);
                }
            }
            if (unknown)
            {
                return Error("Unknown option " + arg, found, positionals);
            }
            if (consumedNext)
            {
                i = next;
            }
        }

        return Result(version ? ScanOutcome.Version : ScanOutcome.Success, null, found, positionals);
    }

    private static bool TryAdd(List<KeyValuePair<CliOption, string?>> found, CliOption option, string label, string value, out string? error)
    {
        error = null;
        if (option.Kind == CliOptionKind.Int)
        {
            if (!IntegerOptionParser.TryParse(value, label, out int parsed, out error))
            {
                return false;
            }
            value = parsed.ToString(CultureInfo.InvariantCulture);
        }
        found.Add(new(option, value));
        return true;
    }

    private static CliOption? FindLong(IReadOnlyList<CliOption> options, string name)
    {
        foreach (CliOption o in options)
        {
            if (o.LongName == name)
            {
                return o;
            }
        }
        return null;
    }

    private static CliOption? FindShort(IReadOnlyList<CliOption> options, char c)
    {
        foreach (CliOption o in options)
        {
            if (o.ShortName == c)
            {
                return o;
            }
        }
        return null;
    }

    private static ScanResult Error(string message, List<KeyValuePair<CliOption, string?>> found, List<string> positionals) =>
        Result(ScanOutcome.Error, message, found, positionals);

    private static ScanResult Result(ScanOutcome outcome, string? error, List<KeyValuePair<CliOption, string?>> found, List<string> positionals) =>
        new(outcome, error, found, positionals);
}
