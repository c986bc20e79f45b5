using System.CommandLine;
using OstreeSharp.Cli.Errors;

namespace OstreeSharp.Cli.Commands;

/// <summary><c>log</c>: show log starting at commit or ref. Only the first positional is used.</summary>
public sealed class LogCommand : CliCommand
{
    private readonly Option<bool> _raw;

    /// <summary>Declares the options of <c>ostree log</c>.</summary>
    public LogCommand() : base("log", "Show log starting at commit or ref", "REV", usesRepository: true)
    {
        _raw = AddFlag("raw", null, "Show raw variant data");
    }

    /// <inheritdoc/>
    protected override Task<int> ExecuteAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        string repo = ResolveRepository(invocation);
        if (invocation.Positionals.Count < 1)
        {
            throw new CliUsageException("A rev argument is required");
        }
        var options = new LogCommandOptions { Repository = repo, Rev = invocation.Positionals[0], Raw = invocation.Get(_raw) };
        return invocation.Handlers.Log.ExecuteAsync(options, invocation.Context, cancellationToken);
    }
}
