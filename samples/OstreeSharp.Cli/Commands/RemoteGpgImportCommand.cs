using OstreeSharp.Cli.Errors;

namespace OstreeSharp.Cli.Commands;

/// <summary><c>remote gpg-import</c>: import GPG keys into a remote's keyring.</summary>
public sealed class RemoteGpgImportCommand : CliCommand
{
    /// <summary>Declares the options of <c>ostree remote gpg-import</c>.</summary>
    public RemoteGpgImportCommand() : base("gpg-import", "Import GPG keys", "NAME [KEY-ID...]", usesRepository: true)
    {
        AddStringArray("keyring", 'k', "FILE", "Import keys from a keyring file (repeatable)");
        AddFlag("stdin", null, "Import keys from standard input");
    }

    /// <inheritdoc/>
    public override string UsageName => "remote gpg-import";

    /// <inheritdoc/>
    protected override Task<int> ExecuteAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        string repo = ResolveRepository(invocation);
        if (invocation.Positionals.Count < 1)
            throw new CliUsageException("NAME must be specified");
        var options = new RemoteCommandOptions
        {
            Repository = repo,
            Operation = RemoteOperation.GpgImport,
            Name = invocation.Positionals[0],
        };
        return invocation.Handlers.Remote.ExecuteAsync(options, invocation.Context, cancellationToken);
    }
}
