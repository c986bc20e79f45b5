using OstreeSharp.Cli.Errors;

namespace OstreeSharp.Cli.Commands;

/// <summary><c>remote gpg-import</c>: import GPG keys into a remote's keyring.</summary>
public sealed class RemoteGpgImportCommand : CliCommand
{
    private readonly System.CommandLine.Option<string[]> _keyring;
    private readonly System.CommandLine.Option<bool> _stdin;

    /// <summary>Declares the options of <c>ostree remote gpg-import</c>.</summary>
    public RemoteGpgImportCommand() : base("gpg-import", "Import GPG keys", "NAME [KEY-ID...]", usesRepository: true)
    {
        _keyring = AddStringArray("keyring", 'k', "FILE", "Import keys from a keyring file (repeatable)");
        _stdin = AddFlag("stdin", null, "Import keys from standard input");
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
            KeyIds = [.. invocation.Positionals.Skip(1)],
            Keyrings = invocation.GetAll(_keyring),
            Stdin = invocation.Get(_stdin),
        };
        return invocation.Handlers.Remote.ExecuteAsync(options, invocation.Context, cancellationToken);
    }
}
