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
            new RemoteSimpleCommand("gpg-list-keys", "Show remote GPG keys", RemoteOperation.GpgListKeys),
            new RemoteSimpleCommand("add-cookie", "Add a cookie to remote", RemoteOperation.AddCookie, "NAME DOMAIN PATH COOKIE_NAME VALUE"),
            new RemoteSimpleCommand("delete-cookie", "Remove one cookie from remote", RemoteOperation.DeleteCookie, "NAME DOMAIN PATH COOKIE_NAME"),
            new RemoteSimpleCommand("list-cookies", "Show remote repository cookies", RemoteOperation.ListCookies),
            new RemoteSimpleCommand("refs", "List remote refs", RemoteOperation.Refs),
            new RemoteSimpleCommand("summary", "Show remote summary", RemoteOperation.Summary),
        ];
    }

    /// <inheritdoc/>
    public override IReadOnlyList<CliCommand> Subcommands { get; }
}
