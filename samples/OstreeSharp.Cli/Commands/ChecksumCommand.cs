using System.CommandLine;
using OstreeSharp.Cli.Errors;

namespace OstreeSharp.Cli.Commands;

/// <summary><c>checksum</c>: checksum a file or directory.</summary>
public sealed class ChecksumCommand : CliCommand
{
    private readonly Option<bool> _ignoreXattrs;

    /// <summary>Declares the options of <c>ostree checksum</c>.</summary>
    public ChecksumCommand() : base("checksum", "Checksum a file or directory", "PATH", usesRepository: false)
    {
        _ignoreXattrs = AddFlag("ignore-xattrs", null, "Don't include xattrs in checksum");
    }

    /// <inheritdoc/>
    protected override Task<int> ExecuteAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        if (invocation.Positionals.Count < 1)
        {
            throw new CliException("A filename must be given");
        }
        var options = new ChecksumCommandOptions { Path = invocation.Positionals[0], IgnoreXattrs = invocation.Get(_ignoreXattrs) };
        return invocation.Handlers.Checksum.ExecuteAsync(options, invocation.Context, cancellationToken);
    }
}
