using System.CommandLine;

namespace OstreeSharp.Cli.Commands;

/// <summary><c>init</c>: initialize a new empty repository.</summary>
public sealed class InitCommand : CliCommand
{
    private readonly Option<string?> _mode;
    private readonly Option<string?> _collectionId;

    /// <summary>Declares the options of <c>ostree init</c>.</summary>
    public InitCommand() : base("init", "Initialize a new empty repository", string.Empty, usesRepository: true)
    {
        _mode = AddString("mode", null, null, "Initialize repository in given mode (bare, bare-user, bare-user-only, archive)");
        _collectionId = AddString("collection-id", null, "COLLECTION-ID", "Globally unique ID for this repository as an collection of refs for redistribution to other repositories");
    }

    /// <inheritdoc/>
    protected override Task<int> ExecuteAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var options = new InitCommandOptions
        {
            Repository = ResolveRepository(invocation),
            Mode = invocation.Get(_mode),
            CollectionId = invocation.Get(_collectionId),
        };
        return invocation.Handlers.Init.ExecuteAsync(options, invocation.Context, cancellationToken);
    }
}
