using System.CommandLine;
using OstreeSharp.Cli.Handlers;
using OstreeSharp.Cli.Parsing;

namespace OstreeSharp.Cli.Commands;

/// <summary>
/// Base of every subcommand: declares its GOption table (mirroring <c>ostree COMMAND --help</c>), builds the
/// System.CommandLine <see cref="Command"/> that binds it, validates positionals with ostree's wording and
/// hands a typed options record to its handler.
/// </summary>
public abstract class CliCommand
{
    /// <summary>Description of <c>-v</c>.</summary>
    public const string VerboseDescription = "Print debug information during command processing";

    private const string RepoDescription = "Path to OSTree repository (defaults to current directory or /sysroot/ostree/repo)";

    private readonly List<CliOption> _options = [];
    private readonly Option<string?>? _repo;
    private Option<bool>? _verbose;

    /// <summary>Declares a command.</summary>
    protected CliCommand(string name, string summary, string parameterSyntax, bool usesRepository)
    {
        Name = name;
        Summary = summary;
        ParameterSyntax = parameterSyntax;
        if (usesRepository)
        {
            _repo = AddString("repo", null, "PATH", RepoDescription);
        }
    }

    /// <summary>Subcommand name.</summary>
    public string Name { get; }

    /// <summary>The command words of the usage line (<c>remote add</c> for a subcommand); <see cref="Name"/> by default.</summary>
    public virtual string UsageName => Name;

    /// <summary>One-line summary (help and the global command list).</summary>
    public string Summary { get; }

    /// <summary>Positional syntax after <c>[OPTION…]</c> in the usage line.</summary>
    public string ParameterSyntax { get; }

    /// <summary>Options in help order, ending with <c>-v, --verbose</c>.</summary>
    public IReadOnlyList<CliOption> Options
    {
        get
        {
            EnsureVerbose();
            return _options;
        }
    }

    /// <summary>Positional arguments (bound after <c>--</c> in the canonical argv).</summary>
    protected Argument<string[]> Positionals { get; } = new("ARGUMENTS") { Arity = ArgumentArity.ZeroOrMore };

    /// <summary>Declares a flag.</summary>
    protected Option<bool> AddFlag(string longName, char? shortName, string description)
    {
        var o = new Option<bool>("--" + longName) { Description = description, Arity = ArgumentArity.Zero };
        _options.Add(new CliOption(o, longName, shortName, CliOptionKind.Flag, null, description));
        return o;
    }

    /// <summary>Declares a single-valued string option (last occurrence wins).</summary>
    protected Option<string?> AddString(string longName, char? shortName, string? argumentName, string description)
    {
        var o = new Option<string?>("--" + longName) { Description = description, HelpName = argumentName, Arity = ArgumentArity.ExactlyOne };
        _options.Add(new CliOption(o, longName, shortName, CliOptionKind.String, argumentName, description));
        return o;
    }

    /// <summary>Declares a repeatable string option.</summary>
    protected Option<string[]> AddStringArray(string longName, char? shortName, string? argumentName, string description)
    {
        var o = new Option<string[]>("--" + longName)
        {
            Description = description,
            HelpName = argumentName,
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
            DefaultValueFactory = _ => [],
        };
        _options.Add(new CliOption(o, longName, shortName, CliOptionKind.StringArray, argumentName, description));
        return o;
    }

    /// <summary>Declares an integer option (GOption <c>G_OPTION_ARG_INT</c>).</summary>
    protected Option<int?> AddInt(string longName, char? shortName, string? argumentName, string description)
    {
        var o = new Option<int?>("--" + longName) { Description = description, HelpName = argumentName, Arity = ArgumentArity.ExactlyOne };
        _options.Add(new CliOption(o, longName, shortName, CliOptionKind.Int, argumentName, description));
        return o;
    }

    private void EnsureVerbose() => _verbose ??= AddFlag("verbose", VerboseShortName, VerboseDescription);

    /// <summary>The short name of <c>--verbose</c>: <c>-v</c>, except in commands that use <c>-v</c> for something else.</summary>
    protected virtual char? VerboseShortName => 'v';

    /// <summary>Builds the System.CommandLine command whose action validates and dispatches to a handler.</summary>
    internal Command Build(CommandHandlers handlers, CliConsole console)
    {
        EnsureVerbose();
        var command = new Command(Name, Summary);
        foreach (CliOption o in _options)
        {
            command.Options.Add(o.Symbol);
        }
        command.Arguments.Add(Positionals);
        command.SetAction((parse, ct) =>
        {
            var invocation = new CommandInvocation(parse, parse.GetValue(Positionals) ?? [],
                new CommandContext(console, parse.GetValue(_verbose!)), handlers);
            return ExecuteAsync(invocation, ct);
        });
        return command;
    }

    /// <summary>The repository path: <c>--repo</c>, else located like ostree (see <see cref="RepositoryLocator"/>).</summary>
    protected string ResolveRepository(CommandInvocation invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        return RepositoryLocator.Resolve(_repo is null ? null : invocation.Parse.GetValue(_repo));
    }

    /// <summary>Validates and binds <paramref name="invocation"/>, then runs the handler.</summary>
    protected abstract Task<int> ExecuteAsync(CommandInvocation invocation, CancellationToken cancellationToken);
}
