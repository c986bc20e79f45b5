using System.CommandLine;

namespace OstreeSharp.Cli.Commands;

/// <summary><c>fsck</c>: check the repository for consistency. Extra positionals are ignored, as ostree does.</summary>
public sealed class FsckCommand : CliCommand
{
    private readonly Option<bool> _addTombstones;
    private readonly Option<bool> _quiet;
    private readonly Option<bool> _all;
    private readonly Option<bool> _delete;
    private readonly Option<bool> _verifyBindings;
    private readonly Option<bool> _verifyBackRefs;

    /// <summary>Declares the options of <c>ostree fsck</c>.</summary>
    public FsckCommand() : base("fsck", "Check the repository for consistency", string.Empty, usesRepository: true)
    {
        _addTombstones = AddFlag("add-tombstones", null, "Add tombstones for missing commits");
        _quiet = AddFlag("quiet", 'q', "Only print error messages");
        _all = AddFlag("all", 'a', "Don't stop on first error");
        _delete = AddFlag("delete", null, "Remove corrupted objects");
        _verifyBindings = AddFlag("verify-bindings", null, "Verify ref bindings");
        _verifyBackRefs = AddFlag("verify-back-refs", null, "Verify back-references (implies --verify-bindings)");
    }

    /// <inheritdoc/>
    protected override Task<int> ExecuteAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        bool backRefs = invocation.Get(_verifyBackRefs);
        var options = new FsckCommandOptions
        {
            Repository = ResolveRepository(invocation),
            AddTombstones = invocation.Get(_addTombstones),
            Quiet = invocation.Get(_quiet),
            All = invocation.Get(_all),
            Delete = invocation.Get(_delete),
            VerifyBindings = invocation.Get(_verifyBindings) || backRefs,
            VerifyBackRefs = backRefs,
        };
        return invocation.Handlers.Fsck.ExecuteAsync(options, invocation.Context, cancellationToken);
    }
}
