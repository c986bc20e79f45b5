using System.CommandLine;
using OstreeSharp.Cli.Errors;

namespace OstreeSharp.Cli.Commands;

/// <summary>The <c>remote</c> subcommands whose only option is <c>--repo</c> (plus <c>--cache-dir</c>/<c>--raw</c> for
/// <c>refs</c> and <c>summary</c>); NAME is required.</summary>
public sealed class RemoteSimpleCommand : CliCommand
{
    private readonly RemoteOperation _operation;
    private readonly Option<string?>? _cacheDir;
    private readonly Option<bool>? _raw;

    /// <summary>Declares one of the single-NAME subcommands.</summary>
    public RemoteSimpleCommand(string name, string summary, RemoteOperation operation, string parameterSyntax = "NAME")
        : base(name, summary, parameterSyntax, usesRepository: true)
    {
        _operation = operation;
        if (operation is RemoteOperation.Refs or RemoteOperation.Summary)
            _cacheDir = AddString("cache-dir", null, null, "Use custom cache dir");
        if (operation == RemoteOperation.Summary)
            _raw = AddFlag("raw", null, "Show raw variant data");
    }

    /// <inheritdoc/>
    public override string UsageName => "remote " + Name;

    /// <inheritdoc/>
    protected override Task<int> ExecuteAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        string repo = ResolveRepository(invocation);
        if (invocation.Positionals.Count < 1)
            throw new CliUsageException("NAME must be specified");
        var options = new RemoteCommandOptions
        {
            Repository = repo,
            Operation = _operation,
            Name = invocation.Positionals[0],
            Raw = _raw is not null && invocation.Get(_raw),
        };
        return invocation.Handlers.Remote.ExecuteAsync(options, invocation.Context, cancellationToken);
    }
}
