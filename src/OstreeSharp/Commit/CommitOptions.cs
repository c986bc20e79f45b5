using OstreeSharp.Objects;

namespace OstreeSharp.Commit;

/// <summary>What to record in a commit object (<c>CommitWriter.WriteCommit</c>).</summary>
public sealed class CommitOptions
{
    /// <summary>The subject line.</summary>
    public string Subject { get; init; } = "";

    /// <summary>The body.</summary>
    public string Body { get; init; } = "";

    /// <summary>The timestamp; now when null.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>The parent commit, or null for none.</summary>
    public Checksum? Parent { get; init; }

    /// <summary>
    /// User metadata, in order (<c>--add-metadata-string</c>, <c>--add-metadata</c>). ostree's own keys
    /// (<c>ostree.ref-binding</c>, <c>ostree.collection-binding</c>) are appended after these, as the CLI does.
    /// </summary>
    public MetadataDictionary Metadata { get; init; } = new();

    /// <summary>
    /// Refs to bind the commit to (<c>ostree.ref-binding</c>, sorted, repeats kept). Null writes no binding key
    /// (<c>ostree commit --no-bindings</c>); an empty list writes an empty one, as <c>ostree commit --orphan</c> does.
    /// </summary>
    public IReadOnlyList<string>? RefBindings { get; init; }

    /// <summary>Collection to bind to (<c>ostree.collection-binding</c>); usually the repository's collection ID.</summary>
    public string? CollectionBinding { get; init; }

    /// <summary>
    /// The kernel version for a bootable commit (<c>ostree commit --bootable</c>; see
    /// <see cref="BootableTree.FindKernelVersion"/>), or null. When set, the commit records <c>ostree.bootable</c>
    /// (true) and <c>ostree.linux</c>, and, like ostree, the whole metadata (<see cref="Metadata"/>, then the binding
    /// keys, then these two) goes through a GLib <c>GVariantDict</c>: a repeated key keeps its first position and its
    /// last value, and the keys come out in that dictionary's hash order. <see cref="Sizes"/> still comes last.
    /// </summary>
    public string? BootableKernelVersion { get; init; }

    /// <summary>
    /// <c>ostree.sizes</c> entries (<see cref="CommitSizes"/>), written as the last metadata key as
    /// <c>ostree commit --generate-sizes</c> does; null for none.
    /// </summary>
    public IReadOnlyList<SizesEntry>? Sizes { get; init; }
}
