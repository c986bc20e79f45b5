using OstreeSharp.Cli.Commands;

namespace OstreeSharp.Cli.Handlers;

/// <summary>
/// The registry that connects parsed commands to their implementations. <see cref="CreateDefault"/> is the
/// single place where the library is wired in; tests may substitute any handler.
/// </summary>
public sealed class CommandHandlers
{
    /// <summary><c>init</c>.</summary>
    public required ICommandHandler<InitCommandOptions> Init { get; set; }

    /// <summary><c>commit</c>.</summary>
    public required ICommandHandler<CommitCommandOptions> Commit { get; set; }

    /// <summary><c>checkout</c>.</summary>
    public required ICommandHandler<CheckoutCommandOptions> Checkout { get; set; }

    /// <summary><c>fsck</c>.</summary>
    public required ICommandHandler<FsckCommandOptions> Fsck { get; set; }

    /// <summary><c>ls</c>.</summary>
    public required ICommandHandler<LsCommandOptions> Ls { get; set; }

    /// <summary><c>cat</c>.</summary>
    public required ICommandHandler<CatCommandOptions> Cat { get; set; }

    /// <summary><c>show</c>.</summary>
    public required ICommandHandler<ShowCommandOptions> Show { get; set; }

    /// <summary><c>log</c>.</summary>
    public required ICommandHandler<LogCommandOptions> Log { get; set; }

    /// <summary><c>refs</c>.</summary>
    public required ICommandHandler<RefsCommandOptions> Refs { get; set; }

    /// <summary><c>rev-parse</c>.</summary>
    public required ICommandHandler<RevParseCommandOptions> RevParse { get; set; }

    /// <summary><c>checksum</c>.</summary>
    public required ICommandHandler<ChecksumCommandOptions> Checksum { get; set; }

    /// <summary><c>config</c>.</summary>
    public required ICommandHandler<ConfigCommandOptions> Config { get; set; }

    /// <summary><c>static-delta</c> (all subcommands).</summary>
    public ICommandHandler<StaticDeltaCommandOptions> StaticDelta { get; set; } = new StaticDeltaHandler();

    /// <summary>The production wiring.</summary>
    public static CommandHandlers CreateDefault() => new()
    {
        Init = new InitHandler(),
        Commit = new CommitHandler(),
        Checkout = new CheckoutHandler(),
        Fsck = new FsckHandler(),
        Ls = new LsHandler(),
        Cat = new CatHandler(),
        Show = new ShowHandler(),
        Log = new LogHandler(),
        Refs = new RefsHandler(),
        RevParse = new RevParseHandler(),
        Checksum = new ChecksumHandler(),
        Config = new ConfigHandler(),
    };
}
