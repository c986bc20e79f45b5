using System.CommandLine;
using OstreeSharp.Cli.Errors;

namespace OstreeSharp.Cli.Commands;

/// <summary><c>ls</c>: list file paths of a commit.</summary>
public sealed class LsCommand : CliCommand
{
    private readonly Option<bool> _dirOnly;
    private readonly Option<bool> _recursive;
    private readonly Option<bool> _checksum;
    private readonly Option<bool> _xattrs;
    private readonly Option<bool> _nul;

    /// <summary>Declares the options of <c>ostree ls</c>.</summary>
    public LsCommand() : base("ls", "List file paths", "COMMIT [PATH...]", usesRepository: true)
    {
        _dirOnly = AddFlag("dironly", 'd', "Do not recurse into directory arguments");
        _recursive = AddFlag("recursive", 'R', "Print directories recursively");
        _checksum = AddFlag("checksum", 'C', "Print checksum");
        _xattrs = AddFlag("xattrs", 'X', "Print extended attributes");
        _nul = AddFlag("nul-filenames-only", null, "Print only filenames, NUL separated");
    }

    /// <inheritdoc/>
    protected override Task<int> ExecuteAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        string repo = ResolveRepository(invocation);
        IReadOnlyList<string> args = invocation.Positionals;
        if (args.Count < 1)
        {
            throw new CliUsageException("An COMMIT argument is required");
        }
        var options = new LsCommandOptions
        {
            Repository = repo,
            Commit = args[0],
            Paths = args.Count > 1 ? [.. args.Skip(1)] : ["/"],
            DirectoryOnly = invocation.Get(_dirOnly),
            Recursive = invocation.Get(_recursive),
            Checksum = invocation.Get(_checksum),
            Xattrs = invocation.Get(_xattrs),
            NulFilenamesOnly = invocation.Get(_nul),
        };
        return invocation.Handlers.Ls.ExecuteAsync(options, invocation.Context, cancellationToken);
    }
}
