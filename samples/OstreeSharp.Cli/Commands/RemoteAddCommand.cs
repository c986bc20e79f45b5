using System.CommandLine;
using OstreeSharp.Cli.Errors;

namespace OstreeSharp.Cli.Commands;

/// <summary><c>remote add</c>: add a remote to the repository configuration.</summary>
public sealed class RemoteAddCommand : CliCommand
{
    private const string CollectionIdDescription =
        "Globally unique ID for this repository as an collection of refs for redistribution to other repositories";

    private readonly Option<string[]> _set;
    private readonly Option<bool> _noGpgVerify;
    private readonly Option<bool> _noSignVerify;
    private readonly Option<string[]> _signVerify;
    private readonly Option<bool> _ifNotExists;
    private readonly Option<bool> _force;
    private readonly Option<string?> _gpgImport;
    private readonly Option<string?> _customBackend;
    private readonly Option<string?> _contentUrl;
    private readonly Option<string?> _collectionId;
    private readonly Option<string?> _repo;
    private readonly Option<string?> _sysroot;

    /// <summary>Declares the options of <c>ostree remote add</c>.</summary>
    public RemoteAddCommand() : base("add", "Add a remote repository", "NAME [metalink=|mirrorlist=]URL [BRANCH...]", usesRepository: false)
    {
        _set = AddStringArray("set", null, "KEY=VALUE", "Set config option KEY=VALUE for remote");
        _noGpgVerify = AddFlag("no-gpg-verify", null, "Disable GPG verification");
        _noSignVerify = AddFlag("no-sign-verify", null, "Disable signature verification");
        _signVerify = AddStringArray("sign-verify", null, "KEYTYPE=[inline|file]:PUBKEY", "Verify signatures using KEYTYPE=inline:PUBKEY or KEYTYPE=file:/path/to/key");
        _ifNotExists = AddFlag("if-not-exists", null, "Do nothing if the provided remote exists");
        _force = AddFlag("force", null, "Replace the provided remote if it exists");
        _gpgImport = AddString("gpg-import", null, "FILE", "Import GPG key from FILE");
        _customBackend = AddString("custom-backend", null, "NAME", "This remote has content not fetched via libostree");
        _contentUrl = AddString("contenturl", null, "URL", "Use URL when fetching content");
        _collectionId = AddString("collection-id", null, "COLLECTION-ID", CollectionIdDescription);
        _repo = AddString("repo", null, "PATH", "Path to OSTree repository (defaults to /sysroot/ostree/repo)");
        _sysroot = AddString("sysroot", null, "PATH", "Use sysroot at PATH (overrides --repo)");
    }

    /// <inheritdoc/>
    public override string UsageName => "remote add";

    /// <inheritdoc/>
    protected override Task<int> ExecuteAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        string repo = RemoteDeleteCommand.ResolveSysrootRepository(invocation.Get(_sysroot), invocation.Get(_repo));
        IReadOnlyList<string> args = invocation.Positionals;
        if (args.Count < 2)
            throw new CliUsageException("NAME and URL must be specified");
        if (invocation.Get(_noSignVerify) && invocation.GetAll(_signVerify).Count > 0)
            throw new CliException("Cannot set both --sign-verify and --no-sign-verify");
        var options = new RemoteCommandOptions
        {
            Repository = repo,
            Operation = RemoteOperation.Add,
            Name = args[0],
            Url = args[1],
            Branches = args.Skip(2).ToArray(),
            Set = invocation.GetAll(_set),
            NoGpgVerify = invocation.Get(_noGpgVerify),
            NoSignVerify = invocation.Get(_noSignVerify),
            SignVerify = invocation.GetAll(_signVerify),
            IfNotExists = invocation.Get(_ifNotExists),
            Force = invocation.Get(_force),
            GpgImport = invocation.Get(_gpgImport),
            CustomBackend = invocation.Get(_customBackend),
            ContentUrl = invocation.Get(_contentUrl),
            CollectionId = invocation.Get(_collectionId),
        };
        return invocation.Handlers.Remote.ExecuteAsync(options, invocation.Context, cancellationToken);
    }
}
