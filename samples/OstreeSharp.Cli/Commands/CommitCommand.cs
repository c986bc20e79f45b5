using System.CommandLine;
using OstreeSharp.Cli.Errors;
using OstreeSharp.Cli.Parsing;

namespace OstreeSharp.Cli.Commands;

/// <summary><c>commit</c>: commit a new revision; prints the checksum on stdout.</summary>
public sealed class CommitCommand : CliCommand
{
    private readonly Option<string?> _parent;
    private readonly Option<string?> _subject;
    private readonly Option<string?> _body;
    private readonly Option<string?> _bodyFile;
    private readonly Option<bool> _editor;
    private readonly Option<string?> _branch;
    private readonly Option<bool> _orphan;
    private readonly Option<bool> _noBindings;
    private readonly Option<string[]> _bindRef;
    private readonly Option<string?> _base;
    private readonly Option<string[]> _tree;
    private readonly Option<string[]> _addMetadataString;
    private readonly Option<string[]> _addMetadata;
    private readonly Option<string[]> _keepMetadata;
    private readonly Option<string[]> _addDetachedMetadataString;
    private readonly Option<int?> _ownerUid;
    private readonly Option<int?> _ownerGid;
    private readonly Option<bool> _canonicalPermissions;
    private readonly Option<bool> _bootable;
    private readonly Option<bool> _modeRoExecutables;
    private readonly Option<bool> _noXattrs;
    private readonly Option<string?> _selinuxPolicy;
    private readonly Option<bool> _selinuxPolicyFromBase;
    private readonly Option<bool> _linkCheckoutSpeedup;
    private readonly Option<bool> _devinoCanonical;
    private readonly Option<bool> _tarAutocreateParents;
    private readonly Option<string?> _tarPathnameFilter;
    private readonly Option<bool> _skipIfUnchanged;
    private readonly Option<string?> _statOverride;
    private readonly Option<string?> _skipList;
    private readonly Option<bool> _consume;
    private readonly Option<bool> _tableOutput;
    private readonly Option<string[]> _gpgSign;
    private readonly Option<string?> _gpgHomedir;
    private readonly Option<string[]> _sign;
    private readonly Option<string?> _signType;
    private readonly Option<bool> _generateSizes;
    private readonly Option<string?> _fsync;
    private readonly Option<string?> _timestamp;
    private readonly Option<bool> _processWhiteouts;

    /// <summary>Declares the options of <c>ostree commit</c>.</summary>
    public CommitCommand() : base("commit", "Commit a new revision", "[PATH]", usesRepository: true)
    {
        _parent = AddString("parent", null, "COMMIT", "Parent commit checksum, or \"none\"");
        _subject = AddString("subject", 's', "SUBJECT", "One line subject");
        _body = AddString("body", 'm', "BODY", "Full description");
        _bodyFile = AddString("body-file", 'F', "FILE", "Commit message from FILE path");
        _editor = AddFlag("editor", 'e', "Use an editor to write the commit message");
        _branch = AddString("branch", 'b', "BRANCH", "Branch");
        _orphan = AddFlag("orphan", null, "Create a commit without writing a ref");
        _noBindings = AddFlag("no-bindings", null, "Do not write any ref bindings");
        _bindRef = AddStringArray("bind-ref", null, "BRANCH", "Add a ref to ref binding commit metadata");
        _base = AddString("base", null, "REV", "Start from the given commit as a base (no modifiers apply)");
        _tree = AddStringArray("tree", null, "dir=PATH or tar=TARFILE or ref=COMMIT", "Overlay the given argument as a tree");
        _addMetadataString = AddStringArray("add-metadata-string", null, "KEY=VALUE", "Add a key/value pair to metadata");
        _addMetadata = AddStringArray("add-metadata", null, "KEY=VALUE", "Add a key/value pair to metadata, where the KEY is a string, and VALUE is in GVariant Text Format");
        _keepMetadata = AddStringArray("keep-metadata", null, "KEY", "Keep metadata KEY and its associated VALUE from parent");
        _addDetachedMetadataString = AddStringArray("add-detached-metadata-string", null, "KEY=VALUE", "Add a key/value pair to detached metadata");
        _ownerUid = AddInt("owner-uid", null, "UID", "Set file ownership user id");
        _ownerGid = AddInt("owner-gid", null, "GID", "Set file ownership group id");
        _canonicalPermissions = AddFlag("canonical-permissions", null, "Canonicalize permissions in the same way bare-user does for hardlinked files");
        _bootable = AddFlag("bootable", null, "Flag this commit as a bootable OSTree (e.g. contains a Linux kernel)");
        _modeRoExecutables = AddFlag("mode-ro-executables", null, "Ensure executable files are not writable");
        _noXattrs = AddFlag("no-xattrs", null, "Do not import extended attributes");
        _selinuxPolicy = AddString("selinux-policy", null, "PATH", "Set SELinux labels based on policy in root filesystem PATH (may be /)");
        _selinuxPolicyFromBase = AddFlag("selinux-policy-from-base", 'P', "Set SELinux labels based on first --tree argument");
        _linkCheckoutSpeedup = AddFlag("link-checkout-speedup", null, "Optimize for commits of trees composed of hardlinks into the repository");
        _devinoCanonical = AddFlag("devino-canonical", 'I', "Assume hardlinked objects are unmodified.  Implies --link-checkout-speedup");
        _tarAutocreateParents = AddFlag("tar-autocreate-parents", null, "When loading tar archives, automatically create parent directories as needed");
        _tarPathnameFilter = AddString("tar-pathname-filter", null, "REGEX,REPLACEMENT", "When loading tar archives, use REGEX,REPLACEMENT against path names");
        _skipIfUnchanged = AddFlag("skip-if-unchanged", null, "If the contents are unchanged from previous commit, do nothing");
        _statOverride = AddString("statoverride", null, "PATH", "File containing list of modifications to make to permissions");
        _skipList = AddString("skip-list", null, "PATH", "File containing list of files to skip");
        _consume = AddFlag("consume", null, "Consume (delete) content after commit (for local directories)");
        _tableOutput = AddFlag("table-output", null, "Output more information in a KEY: VALUE format");
        _gpgSign = AddStringArray("gpg-sign", null, "KEY-ID", "GPG Key ID to sign the commit with");
        _gpgHomedir = AddString("gpg-homedir", null, "HOMEDIR", "GPG Homedir to use when looking for keyrings");
        _sign = AddStringArray("sign", null, "KEY_ID", "Sign the commit with");
        _signType = AddString("sign-type", null, "NAME", "Signature type to use (defaults to 'ed25519')");
        _generateSizes = AddFlag("generate-sizes", null, "Generate size information along with commit metadata");
        _fsync = AddString("fsync", null, "POLICY", "Specify how to invoke fsync()");
        _timestamp = AddString("timestamp", null, "TIMESTAMP", "Override the timestamp of the commit");
        _processWhiteouts = AddFlag("process-whiteouts", null, "Apply OCI/overlayfs whiteouts (.wh.NAME, .wh..wh..opq) of each tree to the trees before it (ostree-sharp extension)");
    }

    /// <inheritdoc/>
    protected override Task<int> ExecuteAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        string repo = ResolveRepository(invocation);
        var trees = new List<CommitTreeSource>();
        foreach (string spec in invocation.GetAll(_tree))
        {
            trees.Add(CommitTreeSource.Parse(spec));
        }
        if (invocation.Positionals.Count > 0)
        {
            trees.Add(new CommitTreeSource(CommitTreeKind.Directory, invocation.Positionals[0]));
        }
        string? branch = invocation.Get(_branch);
        bool orphan = invocation.Get(_orphan);
        if (branch is null && !orphan)
        {
            throw new CliException("A branch must be specified with --branch, or use --orphan");
        }
        string? timestamp = invocation.Get(_timestamp);
        bool devino = invocation.Get(_devinoCanonical);
        var options = new CommitCommandOptions
        {
            Repository = repo,
            Trees = trees,
            Parent = invocation.Get(_parent),
            Subject = invocation.Get(_subject),
            Body = invocation.Get(_body),
            BodyFile = invocation.Get(_bodyFile),
            Editor = invocation.Get(_editor),
            Branch = branch,
            Orphan = orphan,
            NoBindings = invocation.Get(_noBindings),
            BindRefs = invocation.GetAll(_bindRef),
            Base = invocation.Get(_base),
            AddMetadataStrings = ParseKeyValues(invocation.GetAll(_addMetadataString)),
            AddMetadata = ParseKeyValues(invocation.GetAll(_addMetadata)),
            KeepMetadata = invocation.GetAll(_keepMetadata),
            AddDetachedMetadataStrings = ParseKeyValues(invocation.GetAll(_addDetachedMetadataString)),
            OwnerUid = invocation.Get(_ownerUid),
            OwnerGid = invocation.Get(_ownerGid),
            CanonicalPermissions = invocation.Get(_canonicalPermissions),
            Bootable = invocation.Get(_bootable),
            ModeReadOnlyExecutables = invocation.Get(_modeRoExecutables),
            NoXattrs = invocation.Get(_noXattrs),
            SelinuxPolicy = invocation.Get(_selinuxPolicy),
            SelinuxPolicyFromBase = invocation.Get(_selinuxPolicyFromBase),
            LinkCheckoutSpeedup = invocation.Get(_linkCheckoutSpeedup) || devino,
            DevinoCanonical = devino,
            TarAutocreateParents = invocation.Get(_tarAutocreateParents),
            TarPathnameFilter = invocation.Get(_tarPathnameFilter),
            SkipIfUnchanged = invocation.Get(_skipIfUnchanged),
            StatOverride = invocation.Get(_statOverride),
            SkipList = invocation.Get(_skipList),
            Consume = invocation.Get(_consume),
            TableOutput = invocation.Get(_tableOutput),
            GpgSign = invocation.GetAll(_gpgSign),
            GpgHomedir = invocation.Get(_gpgHomedir),
            Sign = invocation.GetAll(_sign),
            SignType = invocation.Get(_signType),
            GenerateSizes = invocation.Get(_generateSizes),
            Fsync = FsyncPolicy.Parse(invocation.Get(_fsync)),
            Timestamp = timestamp is null ? null : TimestampParser.Parse(timestamp),
            ProcessWhiteouts = invocation.Get(_processWhiteouts),
        };
        return invocation.Handlers.Commit.ExecuteAsync(options, invocation.Context, cancellationToken);
    }

    private static List<KeyValuePair<string, string>> ParseKeyValues(IReadOnlyList<string> items)
    {
        var result = new List<KeyValuePair<string, string>>(items.Count);
        foreach (string item in items)
        {
            int eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                throw new CliException($"Missing '=' in KEY=VALUE metadata '{item}'");
            }
            result.Add(new(item[..eq], item[(eq + 1)..]));
        }
        return result;
    }
}
