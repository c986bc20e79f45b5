using System.CommandLine;

namespace OstreeSharp.Cli.Commands;

/// <summary><c>remote list</c>: the configured remote names (with <c>-u</c>, their URLs).</summary>
public sealed class RemoteListCommand : CliCommand
{
    private readonly Option<bool> _showUrls;

    /// <summary>Declares the options of <c>ostree remote list</c>.</summary>
    public RemoteListCommand() : base("list", "List remote repository names", string.Empty, usesRepository: true)
    {
        _showUrls = AddFlag("show-urls", 'u', "Show remote URLs in list");
    }

    /// <inheritdoc/>
    public override string UsageName => "remote list";

    /// <inheritdoc/>
    protected override Task<int> ExecuteAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var options = new RemoteCommandOptions
        {
            Repository = ResolveRepository(invocation),
            Operation = RemoteOperation.List,
            ShowUrls = invocation.Get(_showUrls),
        };
        return invocation.Handlers.Remote.ExecuteAsync(options, invocation.Context, cancellationToken);
    }
}
