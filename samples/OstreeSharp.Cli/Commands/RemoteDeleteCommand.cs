using System.CommandLine;
using OstreeSharp.Cli.Errors;

namespace OstreeSharp.Cli.Commands;

/// <summary><c>remote delete</c>: remove a remote.</summary>
public sealed class RemoteDeleteCommand : CliCommand
{
    private readonly Option<bool> _ifExists;
    private readonly Option<string?> _repo;
    private readonly Option<string?> _sysroot;

    /// <summary>Declares the options of <c>ostree remote delete</c>.</summary>
    public RemoteDeleteCommand() : base("delete", "Delete a remote repository", "NAME", usesRepository: false)
    {
        _ifExists = AddFlag("if-exists", null, "Do nothing if the provided remote does not exist");
        _repo = AddString("repo", null, "PATH", "Path to OSTree repository (defaults to /sysroot/ostree/repo)");
        _sysroot = AddString("sysroot", null, "PATH", "Use sysroot at PATH (overrides --repo)");
    }

    /// <inheritdoc/>
    public override string UsageName => "remote delete";

    /// <summary><c>--sysroot=PATH</c> means <c>PATH/ostree/repo</c>; otherwise the repository is located as usual.</summary>
    internal static string ResolveSysrootRepository(string? sysroot, string? repo) =>
        sysroot is not null ? Path.Combine(sysroot, "ostree", "repo") : RepositoryLocator.Resolve(repo);

    /// <inheritdoc/>
    protected override Task<int> ExecuteAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        string repo = ResolveSysrootRepository(invocation.Get(_sysroot), invocation.Get(_repo));
        if (invocation.Positionals.Count < 1)
            throw new CliUsageException("NAME must be specified");
        var options = new RemoteCommandOptions
        {
            Repository = repo,
            Operation = RemoteOperation.Delete,
            Name = invocation.Positionals[0],
            IfExists = invocation.Get(_ifExists),
        };
        return invocation.Handlers.Remote.ExecuteAsync(options, invocation.Context, cancellationToken);
    }
}
