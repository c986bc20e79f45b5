namespace OstreeSharp.Commit;

/// <summary>
/// What <c>ostree commit --bootable</c> (2022.7) records: the kernel version found as
/// <c>/usr/lib/modules/VERSION/vmlinuz</c> goes in <c>ostree.linux</c> and <c>ostree.bootable</c> is true (see
/// <see cref="CommitOptions.BootableKernelVersion"/> for where the keys go in the commit metadata).
/// </summary>
public static class BootableTree
{
    /// <summary>The directory searched for kernels.</summary>
    public const string ModulesDirectory = "/usr/lib/modules";

    /// <summary>Returns the VERSION of the only <c>/usr/lib/modules/VERSION/vmlinuz</c> in <paramref name="root"/>.</summary>
    /// <exception cref="OstreeException">The modules directory is missing, or holds no kernel or several.</exception>
    public static string FindKernelVersion(MutableTree root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var node = root;
        string walked = "";
        foreach (var part in ModulesDirectory.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            walked += "/" + part;
            if (!node.Directories.TryGetValue(part, out var sub))
                throw new OstreeException($"No such file or directory: {walked}");
            node = sub;
        }
        string? found = null;
        foreach (var (version, dir) in node.Directories)
        {
            if (!dir.Files.ContainsKey("vmlinuz") && !dir.Directories.ContainsKey("vmlinuz"))
                continue;
            if (found is not null)
                throw new OstreeException($"Multiple kernels found in {ModulesDirectory}");
            found = version;
        }
        return found ?? throw new OstreeException($"No kernel found in {ModulesDirectory}");
    }
}
