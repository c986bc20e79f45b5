using OstreeSharp.Objects;

namespace OstreeSharp.Summary;

/// <summary>Options of <see cref="SummaryWriter.Update"/> (<c>ostree summary -u</c>).</summary>
public sealed class SummaryOptions
{
    /// <summary>
    /// User metadata (<c>--add-metadata=KEY=VALUE</c>), in command-line order; a repeated key keeps its first
    /// position and takes the last value. Keys libostree writes itself override user values.
    /// </summary>
    public MetadataDictionary AdditionalMetadata { get; init; } = new();

    /// <summary>The generation time (<c>ostree.summary.last-modified</c> and the metadata commit); default now.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>
    /// Signs the exact summary bytes and returns the <c>summary.sig</c> dictionary (for example
    /// <c>{'ostree.gpgsigs': &lt;aay&gt;}</c>, spec §6.2). When null, any stale <c>summary.sig</c> is removed.
    /// </summary>
    public Func<ReadOnlyMemory<byte>, MetadataDictionary>? Signer { get; init; }
}
