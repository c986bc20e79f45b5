namespace OstreeSharp.Summary;

/// <summary>Well-known keys of summary metadata (spec §6.1) and of delta indexes (spec §6.3).</summary>
public static class SummaryKeys
{
    /// <summary><c>ostree.summary.mode</c> (<c>s</c>): the repository mode.</summary>
    public const string Mode = "ostree.summary.mode";

    /// <summary><c>ostree.summary.last-modified</c> (<c>t</c>, big-endian): generation time.</summary>
    public const string LastModified = "ostree.summary.last-modified";

    /// <summary><c>ostree.summary.expires</c> (<c>t</c>, big-endian).</summary>
    public const string Expires = "ostree.summary.expires";

    /// <summary><c>ostree.summary.tombstone-commits</c> (<c>b</c>).</summary>
    public const string TombstoneCommits = "ostree.summary.tombstone-commits";

    /// <summary><c>ostree.summary.indexed-deltas</c> (<c>b</c>).</summary>
    public const string IndexedDeltas = "ostree.summary.indexed-deltas";

    /// <summary><c>ostree.static-deltas</c> (<c>a{sv}</c>): delta name → <c>&lt;ay&gt;</c> superblock digest.</summary>
    public const string StaticDeltas = "ostree.static-deltas";

    /// <summary><c>ostree.summary.collection-id</c> (<c>s</c>).</summary>
    public const string CollectionId = "ostree.summary.collection-id";

    /// <summary><c>ostree.summary.collection-map</c> (<c>a{sa(s(taya{sv}))}</c>).</summary>
    public const string CollectionMap = "ostree.summary.collection-map";

    /// <summary>Per-ref <c>ostree.commit.timestamp</c> (<c>t</c>, big-endian).</summary>
    public const string CommitTimestamp = "ostree.commit.timestamp";

    /// <summary>Per-ref <c>ostree.commit.version</c> (<c>s</c>).</summary>
    public const string CommitVersion = "ostree.commit.version";

    /// <summary>The GPG signature key of <c>summary.sig</c> (<c>aay</c>).</summary>
    public const string GpgSignatures = "ostree.gpgsigs";

    /// <summary>The ref of the metadata commit <c>summary -u</c> writes in repositories with a collection ID.</summary>
    public const string MetadataRef = "ostree-metadata";
}
