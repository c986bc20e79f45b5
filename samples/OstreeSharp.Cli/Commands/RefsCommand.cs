using System.CommandLine;
using OstreeSharp.Cli.Errors;

namespace OstreeSharp.Cli.Commands;

/// <summary><c>refs</c>: list, create, alias and delete refs.</summary>
public sealed class RefsCommand : CliCommand
{
    private readonly Option<bool> _delete;
    private readonly Option<bool> _list;
    private readonly Option<bool> _alias;
    private readonly Option<string?> _create;
    private readonly Option<bool> _collections;
    private readonly Option<bool> _force;

    /// <summary>Declares the options of <c>ostree refs</c>.</summary>
    public RefsCommand() : base("refs", "List refs", "[PREFIX]", usesRepository: true)
    {
        _delete = AddFlag("delete", null, "Delete refs which match PREFIX, rather than listing them");
        _list = AddFlag("list", null, "Do not remove the prefix from the refs");
        _alias = AddFlag("alias", 'A', "If used with --create, create an alias, otherwise just list aliases");
        _create = AddString("create", null, "NEWREF", "Create a new ref for an existing commit");
        _collections = AddFlag("collections", 'c', "Enable listing collection IDs for refs");
        _force = AddFlag("force", null, "Overwrite existing refs when creating");
    }

    /// <inheritdoc/>
    protected override Task<int> ExecuteAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        string repo = ResolveRepository(invocation);
        IReadOnlyList<string> args = invocation.Positionals;
        bool delete = invocation.Get(_delete);
        string? create = invocation.Get(_create);
        if (delete && args.Count == 0)
        {
            throw new CliException("At least one PREFIX is required when deleting refs");
        }
        if (create is not null && args.Count == 0)
        {
            throw new CliException("You must specify a revision when creating a new ref");
        }
        if (create is not null && args.Count > 1)
        {
            throw new CliException("You must specify only 1 existing ref when creating a new ref");
        }
        var options = new RefsCommandOptions
        {
            Repository = repo,
            Prefixes = args,
            Delete = delete,
            List = invocation.Get(_list),
            Alias = invocation.Get(_alias),
            Create = create,
            Collections = invocation.Get(_collections),
            Force = invocation.Get(_force),
        };
        return invocation.Handlers.Refs.ExecuteAsync(options, invocation.Context, cancellationToken);
    }
}
