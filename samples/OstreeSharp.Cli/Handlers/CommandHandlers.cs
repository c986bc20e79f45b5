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

    /// <summary><c>summary</c>.</summary>
    public ICommandHandler<SummaryCommandOptions> Summary { get; set; } = new SummaryHandler();

    /// <summary><c>remote</c> (every subcommand).</summary>
    public ICommandHandler<RemoteCommandOptions> Remote { get; set; } = new RemoteHandler();
    /// <summary><c>prune</c>.</summary>
    public required ICommandHandler<PruneCommandOptions> Prune { get; set; }
    /// <summary><c>reset</c>.</summary>
    public required ICommandHandler<ResetCommandOptions> Reset { get; set; }
    /// <summary><c>diff</c>.</summary>
    public required ICommandHandler<DiffCommandOptions> Diff { get; set; }
    /// <summary><c>export</c>.</summary>
    public ICommandHandler<ExportCommandOptions> Export { get; set; } = new ExportHandler();
    /// <summary><c>gpg-sign</c>.</summary>
    public ICommandHandler<GpgSignCommandOptions> GpgSign { get; set; } = new GpgSignHandler();
    /// <summary><c>sign</c>.</summary>
    public ICommandHandler<SignCommandOptions> Sign { get; set; } = new SignHandler();
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
        Prune = new PruneHandler(),
        Reset = new ResetHandler(),
        Diff = new DiffHandler(),
    };
}
