using OstreeSharp.Objects;

namespace OstreeSharp.Summary;

/// <summary>
/// One entry of a summary's ref list: <c>(refname, (commit_size, commit_checksum, metadata))</c> (spec §6.1).
/// </summary>
public sealed class SummaryRef
{
    /// <summary>Creates an entry.</summary>
    /// <param name="name">The ref name.</param>
    /// <param name="commitSize">Size in bytes of the <c>.commit</c> object.</param>
    /// <param name="checksum">The commit checksum.</param>
    /// <param name="metadata">Per-ref metadata (<c>ostree.commit.timestamp</c>, <c>ostree.commit.version</c>…).</param>
    public SummaryRef(string name, ulong commitSize, Checksum checksum, MetadataDictionary metadata)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(metadata);
        Name = name;
        CommitSize = commitSize;
        Checksum = checksum;
        Metadata = metadata;
    }

    /// <summary>The ref name.</summary>
    public string Name { get; }

    /// <summary>Size in bytes of the commit object (stored in host order, i.e. little-endian).</summary>
    public ulong CommitSize { get; }

    /// <summary>The commit the ref points to.</summary>
    public Checksum Checksum { get; }

    /// <summary>Per-ref metadata.</summary>
    public MetadataDictionary Metadata { get; }

    /// <summary>The commit timestamp copied into <c>ostree.commit.timestamp</c>, if present.</summary>
    public ulong? Timestamp => RepoSummary.TryGetBigEndianUInt64(Metadata, SummaryKeys.CommitTimestamp, out ulong t) ? t : null;

    /// <summary>The commit version copied into <c>ostree.commit.version</c>, if present.</summary>
    public string? Version => Metadata.TryGetString(SummaryKeys.CommitVersion, out var v) ? v : null;
}
