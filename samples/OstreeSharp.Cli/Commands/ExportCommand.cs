using System.CommandLine;
using OstreeSharp.Cli.Errors;

namespace OstreeSharp.Cli.Commands;

/// <summary><c>export</c>: stream a commit as a tar archive.</summary>
public sealed class ExportCommand : CliCommand
{
    private readonly Option<bool> _noXattrs;
    private readonly Option<string?> _subpath;
    private readonly Option<string?> _prefix;
    private readonly Option<string?> _output;

    /// <summary>Declares the options of <c>ostree export</c>.</summary>
    public ExportCommand() : base("export", "Stream COMMIT to stdout in tar format", "COMMIT", usesRepository: true)
    {
        _noXattrs = AddFlag("no-xattrs", null, "Skip output of extended attributes");
        _subpath = AddString("subpath", null, "PATH", "Checkout sub-directory PATH");
        _prefix = AddString("prefix", null, "PATH", "Add PATH as prefix to archive pathnames");
        _output = AddString("output", 'o', "PATH", "Output to PATH ");
    }

    /// <inheritdoc/>
    protected override Task<int> ExecuteAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        string repo = ResolveRepository(invocation);
        IReadOnlyList<string> args = invocation.Positionals;
        if (args.Count < 1)
        {
            throw new CliUsageException("A COMMIT argument is required");
        }
        var options = new ExportCommandOptions
        {
            Repository = repo,
            Commit = args[0],
            NoXattrs = invocation.Get(_noXattrs),
            Subpath = invocation.Get(_subpath),
            Prefix = invocation.Get(_prefix),
            Output = invocation.Get(_output),
        };
        return invocation.Handlers.Export.ExecuteAsync(options, invocation.Context, cancellationToken);
    }
}
