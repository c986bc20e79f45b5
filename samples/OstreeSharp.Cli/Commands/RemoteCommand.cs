namespace OstreeSharp.Cli.Commands;

/// <summary><c>remote</c>: the group of remote configuration subcommands.</summary>
public sealed class RemoteCommand : CliCommandGroup
{
    /// <summary>Declares the group and its subcommands in ostree's help order.</summary>
    public RemoteCommand() : base("remote", "Remote commands that may involve internet access")
    {
        Subcommands =
        [
            new RemoteAddCommand(),
            new RemoteDeleteCommand(),
            new RemoteSimpleCommand("show-url", "Show remote repository URL", RemoteOperation.ShowUrl),
            new RemoteListCommand(),
            new RemoteGpgImportCommand(),
            new RemoteSimpleCommand("refs", "List remote refs", RemoteOperation.Refs),
            new RemoteSimpleCommand("summary", "Show remote summary", RemoteOperation.Summary),
        ];
    }

    /// <inheritdoc/>
    public override IReadOnlyList<CliCommand> Subcommands { get; }
}
