using System.CommandLine;
using OstreeSharp.Cli.Handlers;

namespace OstreeSharp.Cli.Commands;

/// <summary>Everything a <see cref="CliCommand"/> needs while binding one invocation.</summary>
public sealed class CommandInvocation
{
    internal CommandInvocation(ParseResult parse, IReadOnlyList<string> positionals, CommandContext context, CommandHandlers handlers)
    {
        Parse = parse;
        Positionals = positionals;
        Context = context;
        Handlers = handlers;
    }

    /// <summary>The System.CommandLine parse of the canonical argv.</summary>
    public ParseResult Parse { get; }

    /// <summary>Positional arguments in order.</summary>
    public IReadOnlyList<string> Positionals { get; }

    /// <summary>The handler context.</summary>
    public CommandContext Context { get; }

    /// <summary>The handler registry.</summary>
    public CommandHandlers Handlers { get; }

    /// <summary>Value of <paramref name="option"/>.</summary>
    public T? Get<T>(Option<T> option) => Parse.GetValue(option);

    /// <summary>Value of a repeatable option (never null).</summary>
    public IReadOnlyList<string> GetAll(Option<string[]> option) => Parse.GetValue(option) ?? [];
}
