using OstreeSharp.Cli.Commands;
using OstreeSharp.Cli.Handlers;

namespace OstreeSharp.Interop.Tests.Infrastructure;

/// <summary>A handler registry whose handlers record the options and context they receive and return 0.</summary>
public sealed class CapturingHandlers
{
    public object? Options { get; private set; }

    public CommandContext? Context { get; private set; }

    public int Calls { get; private set; }

    public CommandHandlers Create() => new()
    {
        Init = Capture<InitCommandOptions>(),
        Commit = Capture<CommitCommandOptions>(),
        Checkout = Capture<CheckoutCommandOptions>(),
        Fsck = Capture<FsckCommandOptions>(),
        Ls = Capture<LsCommandOptions>(),
        Cat = Capture<CatCommandOptions>(),
        Show = Capture<ShowCommandOptions>(),
        Log = Capture<LogCommandOptions>(),
        Refs = Capture<RefsCommandOptions>(),
        RevParse = Capture<RevParseCommandOptions>(),
        Checksum = Capture<ChecksumCommandOptions>(),
        Config = Capture<ConfigCommandOptions>(),
        Prune = Capture<PruneCommandOptions>(),
        Reset = Capture<ResetCommandOptions>(),
        Diff = Capture<DiffCommandOptions>(),
    };

    public T Get<T>() => Assert.IsType<T>(Options);

    private DelegateCommandHandler<T> Capture<T>() => new((options, context, _) =>
    {
        Options = options;
        Context = context;
        Calls++;
        return Task.FromResult(0);
    });
}
