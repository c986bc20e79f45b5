using System.CommandLine;
using OstreeSharp.Cli.Errors;

namespace OstreeSharp.Cli.Commands;

/// <summary><c>checkout</c>: check out a commit into a filesystem tree.</summary>
public sealed class CheckoutCommand : CliCommand
{
    private readonly Option<bool> _userMode;
    private readonly Option<bool> _disableCache;
    private readonly Option<string?> _subpath;
    private readonly Option<bool> _union;
    private readonly Option<bool> _unionAdd;
    private readonly Option<bool> _unionIdentical;
    private readonly Option<bool> _whiteouts;
    private readonly Option<bool> _passthroughWhiteouts;
    private readonly Option<bool> _allowNoent;
    private readonly Option<bool> _fromStdin;
    private readonly Option<string?> _fromFile;
    private readonly Option<string?> _fsync;
    private readonly Option<bool> _requireHardlinks;
    private readonly Option<bool> _forceCopy;
    private readonly Option<bool> _bareUserOnlyDirs;
    private readonly Option<string?> _skipList;
    private readonly Option<string?> _selinuxPolicy;
    private readonly Option<string?> _selinuxPrefix;

    /// <summary>Declares the options of <c>ostree checkout</c>.</summary>
    public CheckoutCommand() : base("checkout", "Check out a commit into a filesystem tree", "COMMIT [DESTINATION]", usesRepository: true)
    {
        _userMode = AddFlag("user-mode", 'U', "Do not change file ownership or initialize extended attributes");
        _disableCache = AddFlag("disable-cache", null, "Do not update or use the internal repository uncompressed object cache");
        _subpath = AddString("subpath", null, "PATH", "Checkout sub-directory PATH");
        _union = AddFlag("union", null, "Keep existing directories, overwrite existing files");
        _unionAdd = AddFlag("union-add", null, "Keep existing files/directories, only add new");
        _unionIdentical = AddFlag("union-identical", null, "When layering checkouts, error out if a file would be replaced with a different version, but add new files and directories");
        _whiteouts = AddFlag("whiteouts", null, "Process 'whiteout' (Docker style) entries");
        _passthroughWhiteouts = AddFlag("process-passthrough-whiteouts", null, "Enable overlayfs whiteout extraction into char 0:0 devices");
        _allowNoent = AddFlag("allow-noent", null, "Do nothing if specified path does not exist");
        _fromStdin = AddFlag("from-stdin", null, "Process many checkouts from standard input");
        _fromFile = AddString("from-file", null, "FILE", "Process many checkouts from input file");
        _fsync = AddString("fsync", null, "POLICY", "Specify how to invoke fsync()");
        _requireHardlinks = AddFlag("require-hardlinks", 'H', "Do not fall back to full copies if hardlinking fails");
        _forceCopy = AddFlag("force-copy", 'C', "Never hardlink (but may reflink if available)");
        _bareUserOnlyDirs = AddFlag("bareuseronly-dirs", 'M', "Suppress mode bits outside of 0775 for directories (suid, world writable, etc.)");
        _skipList = AddString("skip-list", null, "FILE", "File containing list of files to skip");
        _selinuxPolicy = AddString("selinux-policy", null, "PATH", "Set SELinux labels based on policy in root filesystem PATH (may be /); implies --force-copy");
        _selinuxPrefix = AddString("selinux-prefix", null, "PREFIX", "When setting SELinux labels, prefix all paths by PREFIX");
    }

    /// <inheritdoc/>
    protected override Task<int> ExecuteAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        string repo = ResolveRepository(invocation);
        IReadOnlyList<string> args = invocation.Positionals;
        if (args.Count < 1)
        {
            throw new CliUsageException("COMMIT must be specified");
        }
        // Conflicting flags are reported after the repository is opened, as ostree does (see the handler).
        bool union = invocation.Get(_union);
        bool unionAdd = invocation.Get(_unionAdd);
        bool unionIdentical = invocation.Get(_unionIdentical);
        var options = new CheckoutCommandOptions
        {
            Repository = repo,
            Commit = args[0],
            Destination = args.Count > 1 ? args[1] : null,
            UserMode = invocation.Get(_userMode),
            DisableCache = invocation.Get(_disableCache),
            Subpath = invocation.Get(_subpath),
            Union = union,
            UnionAdd = unionAdd,
            UnionIdentical = unionIdentical,
            Whiteouts = invocation.Get(_whiteouts),
            ProcessPassthroughWhiteouts = invocation.Get(_passthroughWhiteouts),
            AllowNoent = invocation.Get(_allowNoent),
            FromStdin = invocation.Get(_fromStdin),
            FromFile = invocation.Get(_fromFile),
            Fsync = FsyncPolicy.Parse(invocation.Get(_fsync)),
            RequireHardlinks = invocation.Get(_requireHardlinks),
            ForceCopy = invocation.Get(_forceCopy),
            BareUserOnlyDirs = invocation.Get(_bareUserOnlyDirs),
            SkipList = invocation.Get(_skipList),
            SelinuxPolicy = invocation.Get(_selinuxPolicy),
            SelinuxPrefix = invocation.Get(_selinuxPrefix),
        };
        return invocation.Handlers.Checkout.ExecuteAsync(options, invocation.Context, cancellationToken);
    }
}
