using OstreeSharp.Checkout;
using OstreeSharp.Cli.Commands;
using OstreeSharp.Cli.Errors;

namespace OstreeSharp.Cli.Handlers;

/// <summary><c>checkout</c>: materialises a commit into a directory.</summary>
public sealed class CheckoutHandler : ICommandHandler<CheckoutCommandOptions>
{
    /// <inheritdoc/>
    public Task<int> ExecuteAsync(CheckoutCommandOptions options, CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        int unions = (options.Union ? 1 : 0) + (options.UnionAdd ? 1 : 0) + (options.UnionIdentical ? 1 : 0);
        if (options.Union && options.UnionAdd)
            throw new CliException("Cannot specify both --union and --union-add");
        if (unions > 1)
            throw new CliException("Cannot specify both --union-identical and another union mode");
        if (options.FromStdin || options.FromFile is not null || options.SkipList is not null || options.SelinuxPolicy is not null ||
            options.ProcessPassthroughWhiteouts || options.BareUserOnlyDirs)
            throw new CliException("This checkout option is not supported yet by ostree-sharp");

        using var repo = RepoOpener.Open(options.Repository);
        var commit = RevResolver.Resolve(repo, options.Commit);
        string destination = options.Destination ?? Path.GetFileName(options.Commit.TrimEnd('^'));
        var checkoutOptions = new CheckoutOptions
        {
            Mode = options.UserMode ? CheckoutMode.User : CheckoutMode.None,
            Overwrite = options.Union ? CheckoutOverwriteMode.UnionFiles
                : options.UnionAdd ? CheckoutOverwriteMode.AddFiles
                : options.UnionIdentical ? CheckoutOverwriteMode.UnionIdentical
                : CheckoutOverwriteMode.None,
            Subpath = options.Subpath ?? "/",
            AllowNoent = options.AllowNoent,
            ForceCopy = options.ForceCopy,
            UseUncompressedCache = !options.DisableCache,
            RequireHardlinks = options.RequireHardlinks,
            ProcessWhiteouts = options.Whiteouts,
            Fsync = options.Fsync ?? false,
        };
        using var progress = context.StartProgress("Checking out");
        var reporter = Progress.ProgressAdapter<CheckoutProgress>.For(progress, p => new Progress.OperationProgress(p.FilesDone, p.FilesTotal, 0, null));
        TreeCheckout.Run(repo, commit, destination, checkoutOptions, reporter, cancellationToken);
        return Task.FromResult(0);
    }
}
