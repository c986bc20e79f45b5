using System.Text;
using OstreeSharp.Checkout;
using OstreeSharp.Cli.Commands;
using OstreeSharp.Cli.Errors;
using OstreeSharp.Repository;

namespace OstreeSharp.Cli.Handlers;

/// <summary>
/// <c>checkout</c>: materialises a commit into a directory. With <c>--from-file</c>/<c>--from-stdin</c>, as ostree
/// 2022.7 does, the input is NUL-separated pairs <c>REVISION\0SUBPATH\0</c> (a missing last subpath means the whole
/// tree), every pair is checked out into the one destination given as the first argument, and the failure of a pair
/// reads <c>Processing tree COMMIT: …</c>.
/// </summary>
public sealed class CheckoutHandler : ICommandHandler<CheckoutCommandOptions>
{
    /// <inheritdoc/>
    public Task<int> ExecuteAsync(CheckoutCommandOptions options, CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        if (options.SelinuxPolicy is not null)
            throw new CliException("--selinux-policy is not supported by ostree-sharp (no SELinux labeling)");

        using var repo = RepoOpener.Open(options.Repository);
        if (options.Union && options.UnionAdd)
            throw new CliException("Cannot specify both --union and --union-add");
        if (options.Union && options.UnionIdentical)
            throw new CliException("Cannot specify both --union and --union-identical");
        if (options.UnionAdd && options.UnionIdentical)
            throw new CliException("Cannot specify both --union-add and --union-identical");
        if (options.RequireHardlinks && options.ForceCopy)
            throw new CliException("Cannot specify both --require-hardlinks and --force-copy");
        if (options.UnionIdentical && !options.RequireHardlinks)
            throw new CliException("--union-identical requires --require-hardlinks");

        CheckoutOptions Make(string? subpath, Func<string, bool>? skip) => new()
        {
            Mode = options.UserMode ? CheckoutMode.User : CheckoutMode.None,
            Overwrite = options.Union ? CheckoutOverwriteMode.UnionFiles
                : options.UnionAdd ? CheckoutOverwriteMode.AddFiles
                : options.UnionIdentical ? CheckoutOverwriteMode.UnionIdentical
                : CheckoutOverwriteMode.None,
            Subpath = subpath ?? "/",
            AllowNoent = options.AllowNoent,
            ForceCopy = options.ForceCopy,
            // As ostree 2022.7: only plain and --union checkouts go through the cache.
            UseUncompressedCache = !options.DisableCache && !options.UnionAdd && !options.UnionIdentical && options.SkipList is null &&
                !options.Whiteouts && !options.BareUserOnlyDirs && !options.ProcessPassthroughWhiteouts,
            RequireHardlinks = options.RequireHardlinks,
            ProcessWhiteouts = options.Whiteouts,
            ProcessPassthroughWhiteouts = options.ProcessPassthroughWhiteouts,
            BareUserOnlyDirs = options.BareUserOnlyDirs,
            Fsync = options.Fsync ?? false,
            SkipFilter = skip,
        };

        if (options.FromStdin || options.FromFile is not null)
        {
            byte[] input = ReadManyInput(options);
            var skip = ReadSkipList(options.SkipList);
            RunMany(repo, input, options.Commit, sub => Make(sub, skip), cancellationToken);
            return Task.FromResult(0);
        }

        var commit = RevResolver.Resolve(repo, options.Commit);
        var skipFilter = ReadSkipList(options.SkipList);
        string destination = options.Destination ?? Path.GetFileName(options.Commit.TrimEnd('^'));
        using var progress = context.StartProgress("Checking out");
        var reporter = Progress.ProgressAdapter<CheckoutProgress>.For(progress, p => new Progress.OperationProgress(p.FilesDone, p.FilesTotal, 0, null));
        TreeCheckout.Run(repo, commit, destination, Make(options.Subpath, skipFilter), reporter, cancellationToken);
        return Task.FromResult(0);
    }

    private static byte[] ReadManyInput(CheckoutCommandOptions options)
    {
        if (options.FromFile is not { } file)
        {
            using var stdin = Console.OpenStandardInput();
            using var buffer = new MemoryStream();
            stdin.CopyTo(buffer);
            return buffer.ToArray();
        }
        try
        {
            return File.ReadAllBytes(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"Error opening file {Path.GetFullPath(file)}: {Describe(ex)}");
        }
    }

    /// <summary>Checks out each <c>REVISION\0SUBPATH\0</c> pair of <paramref name="input"/> into <paramref name="destination"/>.</summary>
    private static void RunMany(OstreeRepo repo, byte[] input, string destination, Func<string?, CheckoutOptions> options, CancellationToken cancellationToken)
    {
        var items = new List<string>();
        int start = 0;
        while (start < input.Length)
        {
            int end = Array.IndexOf(input, (byte)0, start);
            if (end < 0)
                end = input.Length;
            items.Add(Encoding.UTF8.GetString(input, start, end - start));
            start = end + 1;
        }
        for (int i = 0; i < items.Count; i += 2)
        {
            string revision = items[i];
            if (revision.Length == 0)
                break; // an empty revision ends the input
            if (revision.EndsWith('\n'))
                revision = revision[..^1];
            var commit = RevResolver.Resolve(repo, revision);
            string? subpath = i + 1 < items.Count ? items[i + 1] : null;
            try
            {
                if (subpath is { Length: 0 })
                    throw new OstreeException("No such file or directory: /");
                TreeCheckout.Run(repo, commit, destination, options(subpath), null, cancellationToken);
            }
            catch (OstreeException ex) when (ex is not ObjectNotFoundException)
            {
                throw new CliException($"Processing tree {commit}: {ex.Message}");
            }
        }
    }

    private static string Describe(Exception ex) => ex switch
    {
        FileNotFoundException or DirectoryNotFoundException => "No such file or directory",
        UnauthorizedAccessException => "Permission denied",
        _ => ex.Message,
    };

    /// <summary>
    /// <c>--skip-list=FILE</c>: one path per line, matched exactly against each entry's path below the checkout root
    /// (<c>/dir/</c> for directories, <c>/dir/file</c> for files; <c>/</c> skips everything).
    /// </summary>
    private static Func<string, bool>? ReadSkipList(string? file)
    {
        if (file is null)
            return null;
        string text;
        try
        {
            text = File.ReadAllText(file, new UTF8Encoding(false, throwOnInvalidBytes: false));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"openat({file}): {Describe(ex)}");
        }
        var set = new HashSet<string>(text.Split('\n'), StringComparer.Ordinal);
        set.Remove("");
        return set.Count == 0 ? null : set.Contains;
    }
}
