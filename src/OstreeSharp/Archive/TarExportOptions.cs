namespace OstreeSharp.Archive;

/// <summary>Options of <see cref="TarExporter"/> (<c>ostree export</c>).</summary>
public sealed class TarExportOptions
{
    /// <summary>Export only this directory (or file) of the commit (<c>--subpath</c>).</summary>
    public string? Subpath { get; init; }

    /// <summary>
    /// Prepended verbatim to every path name (<c>--prefix</c>): the root becomes <c>PREFIX/</c> and an entry
    /// <c>a/b</c> becomes <c>PREFIXa/b</c> — include the trailing slash for a directory prefix, as with ostree.
    /// Without a prefix the root is <c>./</c>.
    /// </summary>
    public string? Prefix { get; init; }

    /// <summary>Leave extended attributes out (<c>--no-xattrs</c>).</summary>
    public bool SkipXattrs { get; init; }
}
